package io.streammtl.learn.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MulticlassMetricsTest {

    // Truth 0,0,0,1,1,2 predicted 0,0,1,1,2,2:
    // class 0: tp 2, fp 0, fn 1 -> F1 0.8; class 1: tp 1, fp 1, fn 1 -> 0.5; class 2: tp 1, fp 1 -> 2/3.
    private static final int[] TRUTH = {0, 0, 0, 1, 1, 2};
    private static final double[][] PROBABILITIES = {
        {0.7, 0.2, 0.1},
        {0.5, 0.3, 0.2},
        {0.3, 0.6, 0.1},
        {0.1, 0.8, 0.1},
        {0.2, 0.3, 0.5},
        {0.1, 0.1, 0.8},
    };

    @Test
    void shouldComputeMacroF1AndAccuracyOnHandWorkedConfusion() {
        Map<String, Double> m = MulticlassMetrics.of(TRUTH, PROBABILITIES, 6, 3);

        assertEquals((0.8 + 0.5 + 2.0 / 3.0) / 3.0, m.get("macro_f1"), 1e-12);
        assertEquals(4.0 / 6.0, m.get("accuracy"), 1e-12);
    }

    @Test
    void shouldComputeLogLossFromTrueClassProbabilities() {
        double expected = -(Math.log(0.7) + Math.log(0.5) + Math.log(0.3)
                + Math.log(0.8) + Math.log(0.3) + Math.log(0.8)) / 6.0;

        assertEquals(expected, MulticlassMetrics.of(TRUTH, PROBABILITIES, 6, 3).get("logloss"), 1e-12);
    }

    @Test
    void shouldExcludeClassesNeverTrueNorPredictedFromMacroF1() {
        double[][] withUnusedClass = new double[PROBABILITIES.length][];
        for (int i = 0; i < PROBABILITIES.length; i++) {
            withUnusedClass[i] = new double[] {
                PROBABILITIES[i][0], PROBABILITIES[i][1], PROBABILITIES[i][2], 0.0};
        }

        Map<String, Double> m = MulticlassMetrics.of(TRUTH, withUnusedClass, 6, 4);

        assertEquals((0.8 + 0.5 + 2.0 / 3.0) / 3.0, m.get("macro_f1"), 1e-12);
    }

    @Test
    void shouldCountNeverPredictedClassAsZeroF1() {
        // Class 0: tp 1, fp 1 -> 2/3; class 1 is true once but never predicted -> 0.
        Map<String, Double> m = MulticlassMetrics.of(
                new int[] {0, 1}, new double[][] {{0.9, 0.1}, {0.6, 0.4}}, 2, 2);

        assertEquals((2.0 / 3.0 + 0.0) / 2.0, m.get("macro_f1"), 1e-12);
    }

    @Test
    void shouldBreakArgmaxTiesTowardTheLowestIndex() {
        Map<String, Double> m = MulticlassMetrics.of(
                new int[] {0, 1}, new double[][] {{0.4, 0.4, 0.2}, {0.3, 0.35, 0.35}}, 2, 3);

        assertEquals(1.0, m.get("accuracy"), 0.0);
    }

    @Test
    void shouldClipZeroTrueClassProbabilityInLogLoss() {
        Map<String, Double> m = MulticlassMetrics.of(
                new int[] {1}, new double[][] {{1.0, 0.0}}, 1, 2);

        assertEquals(-Math.log(1e-15), m.get("logloss"), 1e-9);
    }

    @Test
    void shouldReturnAllNaNWhenThereAreNoExamples() {
        Map<String, Double> m = MulticlassMetrics.of(new int[0], new double[0][], 0, 3);

        assertEquals(List.of("accuracy", "macro_f1", "logloss"), List.copyOf(m.keySet()));
        assertTrue(m.values().stream().allMatch(v -> v.isNaN()));
    }

    @Test
    void shouldRejectLabelOutsideClassRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MulticlassMetrics.of(new int[] {3}, new double[][] {{0.2, 0.3, 0.5}}, 1, 3));

        assertTrue(e.getMessage().contains("3"), e.getMessage());
    }

    @Test
    void shouldRejectFewerThanTwoClasses() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MulticlassMetrics.of(new int[0], new double[0][], 0, 1));

        assertTrue(e.getMessage().contains("1"), e.getMessage());
    }
}
