package io.streammtl.learn.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Behaviour every detector shares, checked on each kind. */
class DriftDetectorContractTest {

    private static final Map<String, Supplier<DriftDetector>> CONSTRUCTORS = Map.of(
            Adwin.NAME, Adwin::new,
            PageHinkley.NAME, PageHinkley::new,
            Ddm.NAME, Ddm::new,
            Eddm.NAME, Eddm::new,
            HddmA.NAME, HddmA::new);

    private static double[] changingErrors() {
        return DriftStreams.abruptBernoulli(11, 6000, 2000, 0.2, 0.5);
    }

    private static List<DriftLevel> levels(DriftDetector detector, double[] values) {
        List<DriftLevel> levels = new ArrayList<>();
        for (double value : values) {
            levels.add(detector.update(value));
        }
        return levels;
    }

    @ParameterizedTest
    @ValueSource(strings = {"adwin", "page_hinkley", "ddm", "eddm", "hddm_a"})
    void resetShouldRestoreTheInitialState(String kind) {
        DriftDetector fresh = CONSTRUCTORS.get(kind).get();
        DriftDetector used = CONSTRUCTORS.get(kind).get();
        double initialStatistic = used.statistic();
        levels(used, changingErrors());
        levels(used, DriftStreams.abruptBernoulli(12, 2100, 2000, 0.2, 0.6));

        used.reset();

        assertEquals(0, used.seen());
        assertEquals(DriftLevel.STABLE, used.level());
        assertEquals(initialStatistic, used.statistic());
        assertEquals(levels(fresh, changingErrors()), levels(used, changingErrors()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"adwin", "page_hinkley", "ddm", "eddm", "hddm_a"})
    void shouldKeepReportingDriftUntilTheNextValueThenStartAFreshReference(String kind) {
        DriftDetector detector = CONSTRUCTORS.get(kind).get();
        double[] values = changingErrors();
        int i = 0;
        while (detector.update(values[i]) != DriftLevel.DRIFT) {
            i++;
        }

        assertEquals(DriftLevel.DRIFT, detector.level());
        assertEquals(i + 1, detector.seen());

        detector.update(values[i + 1]);

        assertEquals(1, detector.seen());
    }

    @ParameterizedTest
    @ValueSource(strings = {"adwin", "page_hinkley", "ddm", "eddm", "hddm_a"})
    void shouldCountValuesSinceTheLastReset(String kind) {
        DriftDetector detector = CONSTRUCTORS.get(kind).get();
        for (int i = 0; i < 7; i++) {
            detector.update(0.0);
        }

        assertEquals(7, detector.seen());
        assertEquals(DriftLevel.STABLE, detector.level());
    }

    @ParameterizedTest
    @ValueSource(strings = {"adwin", "page_hinkley", "ddm", "eddm", "hddm_a"})
    void shouldRejectNonFiniteValuesNamingTheDetector(String kind) {
        DriftDetector detector = CONSTRUCTORS.get(kind).get();

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> detector.update(Double.NaN));
        assertTrue(e.getMessage().contains(kind) && e.getMessage().contains("NaN"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> detector.update(Double.POSITIVE_INFINITY));
        assertEquals(0, detector.seen());
    }

    @ParameterizedTest
    @ValueSource(strings = {"adwin", "page_hinkley", "ddm", "eddm", "hddm_a"})
    void factoryDefaultsShouldBehaveLikeTheNoArgumentConstructor(String kind) {
        DriftDetector built = DriftDetectors.create(DriftDetectorSpec.of(kind));
        DriftDetector constructed = CONSTRUCTORS.get(kind).get();

        assertEquals(kind, built.name());
        assertEquals(constructed.getClass(), built.getClass());
        assertEquals(levels(constructed, changingErrors()), levels(built, changingErrors()));
    }
}
