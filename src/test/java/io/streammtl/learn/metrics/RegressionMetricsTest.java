package io.streammtl.learn.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegressionMetricsTest {

    @Test
    void shouldComputeHandWorkedMseMaeAndR2() {
        // Errors 1, 0, 2: SSE = 5; truth mean 2, SST = 1 + 0 + 1 = 2.
        Map<String, Double> m = RegressionMetrics.of(
                new double[] {1, 2, 3}, new double[] {2, 2, 5}, 3);

        assertEquals(5.0 / 3.0, m.get("mse"), 1e-12);
        assertEquals(1.0, m.get("mae"), 1e-12);
        assertEquals(1.0 - 5.0 / 2.0, m.get("r2"), 1e-12);
    }

    @Test
    void shouldReturnRSquaredOfOneForPerfectPrediction() {
        double[] truth = {0.5, -1.0, 3.0, 7.25};

        Map<String, Double> m = RegressionMetrics.of(truth, truth.clone(), truth.length);

        assertEquals(1.0, m.get("r2"), 0.0);
        assertEquals(0.0, m.get("mse"), 0.0);
        assertEquals(0.0, m.get("mae"), 0.0);
    }

    @Test
    void shouldReturnRSquaredOfZeroWhenPredictingTheMean() {
        double[] truth = {1, 2, 3, 6};
        double[] mean = {3, 3, 3, 3};

        assertEquals(0.0, RegressionMetrics.of(truth, mean, 4).get("r2"), 1e-12);
    }

    @Test
    void shouldReturnNaNRSquaredWhenTruthHasNoVariance() {
        Map<String, Double> m = RegressionMetrics.of(
                new double[] {2, 2, 2}, new double[] {1, 2, 3}, 3);

        assertTrue(m.get("r2").isNaN());
        assertEquals(2.0 / 3.0, m.get("mse"), 1e-12);
    }

    @Test
    void shouldReturnAllNaNWhenThereAreNoExamples() {
        Map<String, Double> m = RegressionMetrics.of(new double[0], new double[0], 0);

        assertTrue(m.values().stream().allMatch(v -> v.isNaN()));
    }

    @Test
    void shouldUseOnlyTheFirstNExamples() {
        Map<String, Double> m = RegressionMetrics.of(
                new double[] {1, 3, 100}, new double[] {1, 3, -100}, 2);

        assertEquals(0.0, m.get("mse"), 0.0);
    }

    @Test
    void shouldListKeysInFixedOrder() {
        Map<String, Double> m = RegressionMetrics.of(new double[] {1}, new double[] {1}, 1);

        assertEquals(List.of("mse", "mae", "r2"), List.copyOf(m.keySet()));
    }

    @Test
    void shouldRejectCountBeyondArrayLength() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RegressionMetrics.of(new double[2], new double[2], 3));

        assertTrue(e.getMessage().contains("3"), e.getMessage());
    }
}
