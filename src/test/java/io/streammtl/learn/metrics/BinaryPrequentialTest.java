package io.streammtl.learn.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BinaryPrequentialTest {

    private static final int STREAM = 5_000;

    private final double[] truth = new double[STREAM];
    private final double[] scores = new double[STREAM];

    /** Records a seeded stream of overlapping class scores, keeping copies for exact reference. */
    private PrequentialMetrics recordRandomStream(int window) {
        Random random = new Random(42);
        PrequentialMetrics metrics = PrequentialMetrics.binary(window);
        for (int i = 0; i < STREAM; i++) {
            truth[i] = random.nextDouble() < 0.3 ? 1 : 0;
            double raw = 0.4 + 0.15 * truth[i] + 0.2 * random.nextGaussian();
            float score = (float) Math.min(1.0, Math.max(0.0, raw));
            scores[i] = score;
            metrics.record(truth[i], new float[] {score}, 0);
        }
        return metrics;
    }

    @Test
    void shouldApproximateExactAucWithHistogramWithinOneThousandth() {
        PrequentialMetrics metrics = recordRandomStream(100);

        double exact = BinaryMetricsTest.pairwiseAuc(truth, scores);
        assertEquals(exact, metrics.cumulative().get("auc"), 1e-3);
    }

    @Test
    void shouldMatchExactAccuracyAndLogLossCumulatively() {
        PrequentialMetrics metrics = recordRandomStream(100);

        Map<String, Double> exact = BinaryMetrics.of(truth, scores, STREAM);
        Map<String, Double> cumulative = metrics.cumulative();
        assertEquals(exact.get("accuracy"), cumulative.get("accuracy"), 1e-9);
        assertEquals(exact.get("logloss"), cumulative.get("logloss"), 1e-9);
        assertEquals(exact.keySet(), cumulative.keySet());
    }

    @Test
    void shouldComputeWindowedMetricsOverTheLastWindowRecordsOnly() {
        int window = 250;
        PrequentialMetrics metrics = recordRandomStream(window);

        Map<String, Double> expected = BinaryMetrics.of(
                Arrays.copyOfRange(truth, STREAM - window, STREAM),
                Arrays.copyOfRange(scores, STREAM - window, STREAM),
                window);
        assertEquals(expected, metrics.windowed());
    }

    @Test
    void shouldComputeExactWindowedAucWhereHistogramSeesATie() {
        PrequentialMetrics metrics = PrequentialMetrics.binary(10);
        // Both scores fall in histogram bin 5000, but the positive is strictly higher.
        metrics.record(0, new float[] {0.50001f}, 0);
        metrics.record(1, new float[] {0.50003f}, 0);

        assertEquals(1.0, metrics.windowed().get("auc"), 0.0);
        assertEquals(0.5, metrics.cumulative().get("auc"), 0.0);
    }

    @Test
    void shouldSkipAndCountNonFinitePredictions() {
        PrequentialMetrics metrics = PrequentialMetrics.binary(10);
        metrics.record(1, new float[] {0.9f}, 0);
        metrics.record(0, new float[] {Float.NaN}, 0);
        metrics.record(0, new float[] {Float.POSITIVE_INFINITY}, 0);

        assertEquals(1, metrics.count());
        assertEquals(2, metrics.skipped());
        assertEquals(1.0, metrics.cumulative().get("accuracy"), 0.0);
        assertTrue(metrics.cumulative().get("auc").isNaN());
    }

    @Test
    void shouldRejectLabelsOtherThanZeroOrOne() {
        PrequentialMetrics metrics = PrequentialMetrics.binary(10);

        assertThrows(IllegalArgumentException.class, () -> metrics.record(2, new float[] {0.5f}, 0));
        assertEquals(0, metrics.count());
    }

    @Test
    void shouldRejectWindowBelowOneNamingTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PrequentialMetrics.binary(0));

        assertTrue(e.getMessage().contains("0"), e.getMessage());
    }
}
