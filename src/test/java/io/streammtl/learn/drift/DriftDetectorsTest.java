package io.streammtl.learn.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DriftDetectorsTest {

    private static IllegalArgumentException rejected(String kind, Map<String, Double> parameters) {
        return assertThrows(IllegalArgumentException.class,
                () -> DriftDetectors.create(new DriftDetectorSpec(kind, parameters)));
    }

    @Test
    void shouldOfferTheFiveDetectorKinds() {
        assertEquals(List.of("adwin", "page_hinkley", "ddm", "eddm", "hddm_a"), List.copyOf(DriftDetectors.kinds()));
        assertEquals(0.002, DriftDetectors.defaults("adwin").get("delta"));
        assertEquals(50.0, DriftDetectors.defaults("page_hinkley").get("threshold"));
    }

    @Test
    void shouldRejectAnUnknownParameterNamingItAndTheAllowedOnes() {
        IllegalArgumentException e = rejected("adwin", Map.of("lambda", 50.0));

        String message = e.getMessage();
        assertTrue(message.contains("'lambda'"), message);
        assertTrue(message.contains("adwin"), message);
        assertTrue(message.contains("[delta, clock, max_buckets, min_window_length, grace_period]"), message);
    }

    @Test
    void shouldNameEveryUnknownParameter() {
        IllegalArgumentException e = rejected("hddm_a", Map.of("two_sided", 1.0, "delta", 0.1,
                "drift_confidence", 0.01));

        assertTrue(e.getMessage().contains("'delta', 'two_sided'"), e.getMessage());
    }

    @Test
    void shouldRejectAParameterThatBelongsToAnotherDetector() {
        IllegalArgumentException e = rejected("ddm", Map.of("threshold", 50.0));

        assertTrue(e.getMessage().contains("'threshold'"), e.getMessage());
        assertTrue(e.getMessage().contains("[min_instances, warning_threshold, drift_threshold]"), e.getMessage());
    }

    @Test
    void shouldRejectAnUnknownKindListingTheKnownOnes() {
        IllegalArgumentException e = rejected("kswin", Map.of());

        assertTrue(e.getMessage().contains("'kswin'"), e.getMessage());
        assertTrue(e.getMessage().contains("[adwin, page_hinkley, ddm, eddm, hddm_a]"), e.getMessage());
    }

    @Test
    void shouldRejectOutOfRangeValuesNamingTheParameter() {
        Map<String, Map<String, Double>> invalid = Map.of(
                "adwin", Map.of("delta", 0.0),
                "page_hinkley", Map.of("alpha", 1.5),
                "ddm", Map.of("drift_threshold", 1.0),
                "eddm", Map.of("beta", 0.99),
                "hddm_a", Map.of("warning_confidence", 0.0001));

        invalid.forEach((kind, parameters) -> {
            String name = parameters.keySet().iterator().next();
            IllegalArgumentException e = rejected(kind, parameters);
            assertTrue(e.getMessage().contains(kind + " parameter " + name), e.getMessage());
        });
    }

    @Test
    void shouldRejectFractionalCountsNamingTheParameter() {
        IllegalArgumentException e = rejected("adwin", Map.of("clock", 2.5));

        assertTrue(e.getMessage().contains("clock") && e.getMessage().contains("2.5"), e.getMessage());
        assertTrue(rejected("eddm", Map.of("min_errors", 0.0)).getMessage().contains("min_errors"));
    }

    @Test
    void shouldApplyTheGivenParameters() {
        double[] values = DriftStreams.abruptBernoulli(4, 6000, 2000, 0.2, 0.5);
        DriftDetector sensitive = DriftDetectors.create(
                new DriftDetectorSpec("page_hinkley", Map.of("threshold", 10.0)));
        DriftDetector standard = DriftDetectors.create(DriftDetectorSpec.of("page_hinkley"));

        int sensitiveDelay = DriftStreams.delay(DriftStreams.driftIndices(sensitive, values), 2000);
        int standardDelay = DriftStreams.delay(DriftStreams.driftIndices(standard, values), 2000);

        assertTrue(sensitiveDelay > 0 && sensitiveDelay < standardDelay,
                "threshold 10: " + sensitiveDelay + ", threshold 50: " + standardDelay);
    }

    @Test
    void shouldBuildEachKindFromItsName() {
        assertInstanceOf(Adwin.class, DriftDetectors.create(new DriftDetectorSpec("adwin", Map.of("delta", 0.01))));
        assertInstanceOf(HddmA.class, DriftDetectors.create(DriftDetectorSpec.of("hddm_a")));
    }

    @Test
    void specShouldCopyItsParametersAndRejectMissingValues() {
        Map<String, Double> parameters = new HashMap<>(Map.of("delta", 0.01));
        DriftDetectorSpec spec = new DriftDetectorSpec("adwin", parameters);
        parameters.put("clock", 3.0);

        assertEquals(Map.of("delta", 0.01), spec.parameters());
        assertEquals(Map.of(), new DriftDetectorSpec("adwin", null).parameters());
        Map<String, Double> withNull = new HashMap<>();
        withNull.put("delta", null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DriftDetectorSpec("adwin", withNull));
        assertTrue(e.getMessage().contains("delta"), e.getMessage());
    }
}
