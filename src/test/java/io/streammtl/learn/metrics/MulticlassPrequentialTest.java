package io.streammtl.learn.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MulticlassPrequentialTest {

    private static final int CLASSES = 4;

    @Test
    void shouldMatchExactMetricsCumulativelyAndOverTheWindow() {
        int n = 3_000;
        int window = 200;
        Random random = new Random(5);
        int[] truth = new int[n];
        double[][] probabilities = new double[n][CLASSES];
        PrequentialMetrics metrics = PrequentialMetrics.multiclass(CLASSES, window);
        float[] outputs = new float[CLASSES];
        for (int i = 0; i < n; i++) {
            // Class 3 is rare so that its F1 differs from the others.
            truth[i] = random.nextDouble() < 0.05 ? 3 : random.nextInt(3);
            float sum = 0;
            for (int c = 0; c < CLASSES; c++) {
                outputs[c] = random.nextFloat() + (c == truth[i] ? 0.4f : 0f);
                sum += outputs[c];
            }
            for (int c = 0; c < CLASSES; c++) {
                outputs[c] /= sum;
                probabilities[i][c] = outputs[c];
            }
            metrics.record(truth[i], outputs, 0);
        }

        Map<String, Double> exact = MulticlassMetrics.of(truth, probabilities, n, CLASSES);
        Map<String, Double> cumulative = metrics.cumulative();
        assertEquals(exact.keySet(), cumulative.keySet());
        for (String key : exact.keySet()) {
            assertEquals(exact.get(key), cumulative.get(key), 1e-9, key);
        }
        Map<String, Double> lastWindow = MulticlassMetrics.of(
                Arrays.copyOfRange(truth, n - window, n),
                Arrays.copyOfRange(probabilities, n - window, n),
                window,
                CLASSES);
        assertEquals(lastWindow, metrics.windowed());
    }

    @Test
    void shouldForgetRecordsOlderThanTheWindow() {
        PrequentialMetrics metrics = PrequentialMetrics.multiclass(3, 2);
        metrics.record(0, new float[] {0f, 0f, 1f}, 0);
        metrics.record(0, new float[] {0f, 1f, 0f}, 0);
        metrics.record(1, new float[] {0.1f, 0.8f, 0.1f}, 0);
        metrics.record(2, new float[] {0.2f, 0.2f, 0.6f}, 0);

        assertEquals(1.0, metrics.windowed().get("accuracy"), 0.0);
        assertEquals(1.0, metrics.windowed().get("macro_f1"), 0.0);
        assertEquals(0.5, metrics.cumulative().get("accuracy"), 0.0);
    }

    @Test
    void shouldReadProbabilitiesAtTheGivenOffset() {
        PrequentialMetrics metrics = PrequentialMetrics.multiclass(2, 4);
        metrics.record(1, new float[] {0.9f, 0.1f, 0.25f, 0.75f}, 2);

        assertEquals(1.0, metrics.cumulative().get("accuracy"), 0.0);
        assertEquals(-Math.log(0.75), metrics.cumulative().get("logloss"), 1e-7);
    }

    @Test
    void shouldSkipRecordsWithAnyNonFiniteProbability() {
        PrequentialMetrics metrics = PrequentialMetrics.multiclass(3, 4);
        metrics.record(0, new float[] {0.5f, Float.NaN, 0.5f}, 0);
        metrics.record(0, new float[] {0.5f, 0.5f, Float.NEGATIVE_INFINITY}, 0);

        assertEquals(0, metrics.count());
        assertEquals(2, metrics.skipped());
        assertTrue(metrics.cumulative().values().stream().allMatch(v -> v.isNaN()));
    }

    @Test
    void shouldRejectNonIntegerOrOutOfRangeLabels() {
        PrequentialMetrics metrics = PrequentialMetrics.multiclass(3, 4);
        float[] outputs = {0.2f, 0.3f, 0.5f};

        assertThrows(IllegalArgumentException.class, () -> metrics.record(1.5, outputs, 0));
        assertThrows(IllegalArgumentException.class, () -> metrics.record(3, outputs, 0));
        assertThrows(IllegalArgumentException.class, () -> metrics.record(-1, outputs, 0));
        assertEquals(0, metrics.count());
    }

    @Test
    void shouldRejectInvalidClassCountAndWindow() {
        IllegalArgumentException classes = assertThrows(IllegalArgumentException.class,
                () -> PrequentialMetrics.multiclass(1, 10));
        IllegalArgumentException window = assertThrows(IllegalArgumentException.class,
                () -> PrequentialMetrics.multiclass(3, 0));

        assertTrue(classes.getMessage().contains("1"), classes.getMessage());
        assertTrue(window.getMessage().contains("window") && window.getMessage().contains("0"),
                window.getMessage());
    }
}
