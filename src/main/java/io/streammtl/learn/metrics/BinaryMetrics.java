package io.streammtl.learn.metrics;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Exact binary-classification metrics (accuracy, logloss, auc) over the first {@code n} examples. */
public final class BinaryMetrics {

    private BinaryMetrics() {
    }

    /**
     * Computes accuracy (predict 1 iff p ≥ 0.5), mean log-loss (p clipped to [1e-15, 1 − 1e-15])
     * and exact ROC-AUC with half credit for tied scores. All values are NaN when {@code n == 0};
     * auc is NaN when only one class is present.
     *
     * @throws IllegalArgumentException if a label is neither 0 nor 1
     */
    public static Map<String, Double> of(double[] truth01, double[] probability, int n) {
        Arguments.requireCount(n, truth01.length, "truth01");
        Arguments.requireCount(n, probability.length, "probability");
        if (n == 0) {
            return result(Double.NaN, Double.NaN, Double.NaN);
        }
        long correct = 0;
        double lossSum = 0.0;
        for (int i = 0; i < n; i++) {
            boolean positive = isPositive(truth01[i]);
            if (predictsPositive(probability[i]) == positive) {
                correct++;
            }
            lossSum += LogLoss.binary(positive, probability[i]);
        }
        return result((double) correct / n, lossSum / n, auc(truth01, probability, n));
    }

    /**
     * Mann–Whitney AUC: for every positive, counts negatives scored strictly lower plus half of
     * those scored equal, by walking the two sorted score lists together.
     */
    static double auc(double[] truth01, double[] score, int n) {
        int positives = 0;
        for (int i = 0; i < n; i++) {
            if (isPositive(truth01[i])) {
                positives++;
            }
        }
        int negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        double[] positiveScores = new double[positives];
        double[] negativeScores = new double[negatives];
        int p = 0;
        int q = 0;
        for (int i = 0; i < n; i++) {
            if (isPositive(truth01[i])) {
                positiveScores[p++] = score[i];
            } else {
                negativeScores[q++] = score[i];
            }
        }
        Arrays.sort(positiveScores);
        Arrays.sort(negativeScores);
        double credit = 0.0;
        int below = 0;
        int belowOrEqual = 0;
        for (double s : positiveScores) {
            while (below < negatives && negativeScores[below] < s) {
                below++;
            }
            belowOrEqual = Math.max(belowOrEqual, below);
            while (belowOrEqual < negatives && negativeScores[belowOrEqual] <= s) {
                belowOrEqual++;
            }
            credit += below + 0.5 * (belowOrEqual - below);
        }
        return credit / ((double) positives * negatives);
    }

    static boolean predictsPositive(double p) {
        return p >= 0.5;
    }

    static boolean isPositive(double label) {
        if (label == 1.0) {
            return true;
        }
        if (label == 0.0) {
            return false;
        }
        throw new IllegalArgumentException("binary label must be 0 or 1, got " + label);
    }

    static Map<String, Double> result(double accuracy, double logloss, double auc) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(MetricKeys.ACCURACY, accuracy);
        metrics.put(MetricKeys.LOGLOSS, logloss);
        metrics.put(MetricKeys.AUC, auc);
        return metrics;
    }
}
