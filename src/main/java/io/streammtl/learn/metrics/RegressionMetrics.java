package io.streammtl.learn.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/** Exact regression metrics (mse, mae, r2) over the first {@code n} examples of two arrays. */
public final class RegressionMetrics {

    private RegressionMetrics() {
    }

    /**
     * Computes mse, mae and r2 (1 − SSE/SST, SST taken around the mean of the truth).
     * All values are NaN when {@code n == 0}; r2 is NaN when the truth has zero variance.
     */
    public static Map<String, Double> of(double[] truth, double[] predicted, int n) {
        Arguments.requireCount(n, truth.length, "truth");
        Arguments.requireCount(n, predicted.length, "predicted");
        if (n == 0) {
            return result(Double.NaN, Double.NaN, Double.NaN);
        }
        double squaredErrors = 0.0;
        double absoluteErrors = 0.0;
        double truthSum = 0.0;
        for (int i = 0; i < n; i++) {
            double error = predicted[i] - truth[i];
            squaredErrors += error * error;
            absoluteErrors += Math.abs(error);
            truthSum += truth[i];
        }
        double mean = truthSum / n;
        double totalSquares = 0.0;
        for (int i = 0; i < n; i++) {
            double deviation = truth[i] - mean;
            totalSquares += deviation * deviation;
        }
        return result(squaredErrors / n, absoluteErrors / n, r2(squaredErrors, totalSquares));
    }

    static double r2(double squaredErrors, double totalSquares) {
        return totalSquares == 0.0 ? Double.NaN : 1.0 - squaredErrors / totalSquares;
    }

    static Map<String, Double> result(double mse, double mae, double r2) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(MetricKeys.MSE, mse);
        metrics.put(MetricKeys.MAE, mae);
        metrics.put(MetricKeys.R2, r2);
        return metrics;
    }
}
