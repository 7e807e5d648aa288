package io.streammtl.learn.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RegressionPrequentialTest {

    @Test
    void shouldKeepOnlyTheLastWindowRecordsInWindowedMetrics() {
        PrequentialMetrics metrics = PrequentialMetrics.regression(4);
        for (int i = 0; i < 3; i++) {
            metrics.record(0.0, new float[] {100f}, 0);
        }
        // Errors 0.5, 0, -1, 1 -> squared 0.25, 0, 1, 1.
        metrics.record(1.0, new float[] {1.5f}, 0);
        metrics.record(2.0, new float[] {2.0f}, 0);
        metrics.record(3.0, new float[] {2.0f}, 0);
        metrics.record(4.0, new float[] {5.0f}, 0);

        Map<String, Double> windowed = metrics.windowed();
        assertEquals(2.25 / 4, windowed.get("mse"), 1e-12);
        assertEquals(2.5 / 4, windowed.get("mae"), 1e-12);
        assertEquals(7, metrics.count());
        assertTrue(metrics.cumulative().get("mse") > 1000);
    }

    @Test
    void shouldMatchExactMetricsCumulatively() {
        Random random = new Random(11);
        int n = 2_000;
        double[] truth = new double[n];
        double[] predicted = new double[n];
        PrequentialMetrics metrics = PrequentialMetrics.regression(64);
        for (int i = 0; i < n; i++) {
            truth[i] = 5.0 + 3.0 * random.nextGaussian();
            float prediction = (float) (truth[i] + random.nextGaussian());
            predicted[i] = prediction;
            metrics.record(truth[i], new float[] {prediction}, 0);
        }

        Map<String, Double> exact = RegressionMetrics.of(truth, predicted, n);
        Map<String, Double> cumulative = metrics.cumulative();
        for (String key : exact.keySet()) {
            assertEquals(exact.get(key), cumulative.get(key), 1e-9, key);
        }
        assertEquals(exact.keySet(), cumulative.keySet());
    }

    @Test
    void shouldReturnCumulativeRSquaredOfOneForPerfectPredictions() {
        PrequentialMetrics metrics = PrequentialMetrics.regression(2);
        for (int i = 0; i < 10; i++) {
            metrics.record(i, new float[] {i}, 0);
        }

        assertEquals(1.0, metrics.cumulative().get("r2"), 0.0);
    }

    @Test
    void shouldReturnNaNCumulativeRSquaredWhenTruthIsConstant() {
        PrequentialMetrics metrics = PrequentialMetrics.regression(2);
        metrics.record(3.0, new float[] {1f}, 0);
        metrics.record(3.0, new float[] {2f}, 0);

        assertTrue(metrics.cumulative().get("r2").isNaN());
    }

    @Test
    void shouldSkipAndCountNonFinitePredictions() {
        PrequentialMetrics metrics = PrequentialMetrics.regression(5);
        metrics.record(1.0, new float[] {1.5f}, 0);
        metrics.record(1.0, new float[] {Float.NaN}, 0);
        metrics.record(1.0, new float[] {Float.POSITIVE_INFINITY}, 0);
        metrics.record(1.0, new float[] {Float.NEGATIVE_INFINITY}, 0);

        assertEquals(1, metrics.count());
        assertEquals(3, metrics.skipped());
        assertEquals(0.25, metrics.cumulative().get("mse"), 1e-12);
        assertEquals(0.25, metrics.windowed().get("mse"), 1e-12);
    }

    @Test
    void shouldReadThePredictionAtTheGivenOffset() {
        PrequentialMetrics metrics = PrequentialMetrics.regression(3);
        metrics.record(2.0, new float[] {99f, 3f, -99f}, 1);

        assertEquals(1.0, metrics.cumulative().get("mse"), 0.0);
    }

    @Test
    void shouldReturnNaNBeforeAnyRecord() {
        PrequentialMetrics metrics = PrequentialMetrics.regression(3);

        assertTrue(metrics.cumulative().values().stream().allMatch(v -> v.isNaN()));
        assertTrue(metrics.windowed().values().stream().allMatch(v -> v.isNaN()));
    }

    @Test
    void shouldRejectWindowBelowOneNamingTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PrequentialMetrics.regression(-3));

        assertTrue(e.getMessage().contains("-3"), e.getMessage());
    }

    @Test
    void shouldRejectNonFiniteLabel() {
        PrequentialMetrics metrics = PrequentialMetrics.regression(3);

        assertThrows(IllegalArgumentException.class,
                () -> metrics.record(Double.NaN, new float[] {1f}, 0));
        assertEquals(0, metrics.count());
    }
}
