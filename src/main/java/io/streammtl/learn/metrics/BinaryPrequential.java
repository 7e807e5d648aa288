package io.streammtl.learn.metrics;

import java.util.Map;

/**
 * Prequential accuracy, logloss and auc. Cumulative AUC is a histogram approximation (10,000 bins,
 * width 1e-4, over [0, 1]); windowed AUC is exact.
 */
final class BinaryPrequential implements PrequentialMetrics {

    private static final int TRUTH = 0;
    private static final int PROBABILITY = 1;

    private final WindowBuffer window;
    private final ScoreHistogram histogram = new ScoreHistogram();
    private long count;
    private long skipped;
    private long correct;
    private double lossSum;

    BinaryPrequential(int window) {
        this.window = new WindowBuffer(window, 2);
    }

    @Override
    public void record(double label, float[] outputs, int offset) {
        boolean positive = BinaryMetrics.isPositive(label);
        float raw = outputs[offset];
        if (!Float.isFinite(raw)) {
            skipped++;
            return;
        }
        double p = raw;
        if (BinaryMetrics.predictsPositive(p) == positive) {
            correct++;
        }
        lossSum += LogLoss.binary(positive, p);
        histogram.add(p, positive);
        count++;

        int row = window.claim();
        window.set(row, TRUTH, positive ? 1.0 : 0.0);
        window.set(row, PROBABILITY, p);
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
            return BinaryMetrics.result(Double.NaN, Double.NaN, Double.NaN);
        }
        return BinaryMetrics.result((double) correct / count, lossSum / count, histogram.auc());
    }

    @Override
    public Map<String, Double> windowed() {
        return BinaryMetrics.of(window.column(TRUTH), window.column(PROBABILITY), window.size());
    }
}
