package io.streammtl.learn.metrics;

import java.util.Map;

/** Prequential mse, mae and r2 from running sums, with Welford's update for the truth variance. */
final class RegressionPrequential implements PrequentialMetrics {

    private static final int TRUTH = 0;
    private static final int PREDICTED = 1;

    private final WindowBuffer window;
    private long count;
    private long skipped;
    private double squaredErrors;
    private double absoluteErrors;
    private double truthMean;
    private double truthSquares;

    RegressionPrequential(int window) {
        this.window = new WindowBuffer(window, 2);
    }

    @Override
    public void record(double label, float[] outputs, int offset) {
        if (!Double.isFinite(label)) {
            throw new IllegalArgumentException("regression label must be finite, got " + label);
        }
        float raw = outputs[offset];
        if (!Float.isFinite(raw)) {
            skipped++;
            return;
        }
        double predicted = raw;
        double error = predicted - label;
        squaredErrors += error * error;
        absoluteErrors += Math.abs(error);
        count++;
        double delta = label - truthMean;
        truthMean += delta / count;
        truthSquares += delta * (label - truthMean);

        int row = window.claim();
        window.set(row, TRUTH, label);
        window.set(row, PREDICTED, predicted);
    }

    @Override
    public long count() {
        return count;
    }

    @Override
    public long skipped() {
        return skipped;
    }

    @Override
    public Map<String, Double> cumulative() {
        if (count == 0) {
            return RegressionMetrics.result(Double.NaN, Double.NaN, Double.NaN);
        }
        return RegressionMetrics.result(
                squaredErrors / count,
                absoluteErrors / count,
                RegressionMetrics.r2(squaredErrors, truthSquares));
    }

    @Override
    public Map<String, Double> windowed() {
        return RegressionMetrics.of(window.column(TRUTH), window.column(PREDICTED), window.size());
    }
}
