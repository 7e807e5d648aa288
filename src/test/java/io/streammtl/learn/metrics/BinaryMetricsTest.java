package io.streammtl.learn.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BinaryMetricsTest {

    @Test
    void shouldGiveHalfCreditToTiedScoresInAuc() {
        // Positive pairs: 0.6 vs 0.2 wins, 0.6 vs 0.6 ties, 0.9 beats both -> (1 + 0.5 + 2) / 4.
        Map<String, Double> m = BinaryMetrics.of(
                new double[] {0, 1, 0, 1}, new double[] {0.2, 0.6, 0.6, 0.9}, 4);

        assertEquals(0.875, m.get("auc"), 1e-12);
    }

    @Test
    void shouldReturnPerfectAucForSeparableScores() {
        Map<String, Double> m = BinaryMetrics.of(
                new double[] {1, 0, 1, 0}, new double[] {0.7, 0.1, 0.8, 0.3}, 4);

        assertEquals(1.0, m.get("auc"), 0.0);
        assertEquals(1.0, m.get("accuracy"), 0.0);
    }

    @Test
    void shouldReturnZeroAucForPerfectlyInvertedScores() {
        Map<String, Double> m = BinaryMetrics.of(
                new double[] {0, 0, 1, 1}, new double[] {0.9, 0.8, 0.2, 0.1}, 4);

        assertEquals(0.0, m.get("auc"), 0.0);
    }

    @Test
    void shouldReturnNaNAucButDefinedAccuracyWhenOnlyOneClassIsPresent() {
        Map<String, Double> m = BinaryMetrics.of(
                new double[] {1, 1}, new double[] {0.9, 0.3}, 2);

        assertTrue(m.get("auc").isNaN());
        assertEquals(0.5, m.get("accuracy"), 0.0);
        assertEquals(-(Math.log(0.9) + Math.log(0.3)) / 2, m.get("logloss"), 1e-12);
    }

    @Test
    void shouldComputeLogLossAsMeanNegativeLogLikelihood() {
        Map<String, Double> m = BinaryMetrics.of(new double[] {1, 0}, new double[] {0.8, 0.4}, 2);

        assertEquals(-(Math.log(0.8) + Math.log(0.6)) / 2, m.get("logloss"), 1e-12);
    }

    @Test
    void shouldClipCertainWrongPredictionsToFiniteLogLoss() {
        Map<String, Double> m = BinaryMetrics.of(new double[] {1, 0}, new double[] {0.0, 1.0}, 2);

        assertEquals(-Math.log(1e-15), m.get("logloss"), 1e-3);
    }

    @Test
    void shouldPredictPositiveAtExactlyOneHalf() {
        Map<String, Double> m = BinaryMetrics.of(
                new double[] {1, 0}, new double[] {0.5, 0.4999}, 2);

        assertEquals(1.0, m.get("accuracy"), 0.0);
    }

    @Test
    void shouldMatchPairwiseCountingAucOnRandomScoresWithTies() {
        Random random = new Random(7);
        int n = 400;
        double[] truth = new double[n];
        double[] score = new double[n];
        for (int i = 0; i < n; i++) {
            truth[i] = random.nextBoolean() ? 1 : 0;
            // Rounding to tenths forces many ties across classes.
            score[i] = Math.round((random.nextDouble() + 0.3 * truth[i]) * 10) / 10.0;
        }

        assertEquals(pairwiseAuc(truth, score), BinaryMetrics.of(truth, score, n).get("auc"), 1e-12);
    }

    @Test
    void shouldReturnAllNaNWhenThereAreNoExamples() {
        Map<String, Double> m = BinaryMetrics.of(new double[0], new double[0], 0);

        assertEquals(List.of("accuracy", "logloss", "auc"), List.copyOf(m.keySet()));
        assertTrue(m.values().stream().allMatch(v -> v.isNaN()));
    }

    @Test
    void shouldRejectLabelsOtherThanZeroOrOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BinaryMetrics.of(new double[] {0.5}, new double[] {0.5}, 1));

        assertTrue(e.getMessage().contains("0.5"), e.getMessage());
    }

    static double pairwiseAuc(double[] truth, double[] score) {
        double credit = 0;
        long pairs = 0;
        for (int i = 0; i < truth.length; i++) {
            for (int j = 0; j < truth.length; j++) {
                if (truth[i] == 1 && truth[j] == 0) {
                    pairs++;
                    credit += score[i] > score[j] ? 1 : score[i] == score[j] ? 0.5 : 0;
                }
            }
        }
        return credit / pairs;
    }
}
