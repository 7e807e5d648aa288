package io.streammtl.learn.drift;

import io.streammtl.learn.state.StateReader;
import io.streammtl.learn.state.StateWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every detector's explicit state: written midway and read into a fresh detector, it continues exactly. */
class DriftDetectorStateTest {
    private static final int SPLIT = 3000;

    private static double[] changingErrors() {
        return DriftStreams.abruptBernoulli(21, 8000, 4000, 0.2, 0.5);
    }

    private static byte[] state(DriftDetector detector) {
        StateWriter out = new StateWriter();
        detector.writeState(out);
        return out.toByteArray();
    }

    private static List<String> run(DriftDetector detector, double[] values, int from) {
        List<String> trace = new ArrayList<>();
        for (int i = from; i < values.length; i++) {
            DriftLevel level = detector.update(values[i]);
            trace.add(level + " " + detector.seen() + " " + Double.doubleToLongBits(detector.statistic()));
        }
        return trace;
    }

    @ParameterizedTest
    @ValueSource(strings = {"adwin", "page_hinkley", "ddm", "eddm", "hddm_a"})
    void shouldContinueExactlyFromAStateReadIntoAFreshDetector(String kind) throws IOException {
        double[] values = changingErrors();
        DriftDetector uninterrupted = DriftDetectors.create(DriftDetectorSpec.of(kind));
        run(uninterrupted, java.util.Arrays.copyOf(values, SPLIT), 0);
        byte[] midway = state(uninterrupted);

        DriftDetector restored = DriftDetectors.create(DriftDetectorSpec.of(kind));
        StateReader in = new StateReader(midway);
        restored.readState(in);

        assertEquals(0, in.remaining(), "the state is read to its end");
        assertEquals(uninterrupted.seen(), restored.seen());
        assertEquals(uninterrupted.level(), restored.level());
        assertEquals(uninterrupted.statistic(), restored.statistic());
        assertArrayEquals(midway, state(restored));
        List<String> expected = run(uninterrupted, values, SPLIT);
        assertTrue(expected.stream().anyMatch(line -> line.startsWith("DRIFT")), "the rest of the stream drifts");
        assertEquals(expected, run(restored, values, SPLIT));
    }

    @Test
    void shouldRefuseAnAdwinStateWithMoreBucketsPerRowThanItsParametersAllow() {
        Adwin wide = new Adwin(0.002, 32, 20, 5, 10);
        for (int i = 0; i < 15; i++) {
            wide.update(i % 2);
        }
        Adwin narrow = new Adwin(0.002, 32, 5, 5, 10);

        IOException e = assertThrows(IOException.class, () -> narrow.readState(new StateReader(state(wide))));

        assertTrue(e.getMessage().contains("buckets in a row"), e.getMessage());
    }

    @Test
    void shouldRefuseAnUnknownLevelCode() {
        byte[] bytes = state(new Ddm());
        bytes[0] = 7;

        IOException e = assertThrows(IOException.class, () -> new Ddm().readState(new StateReader(bytes)));

        assertTrue(e.getMessage().contains("drift level code 7"), e.getMessage());
    }
}
