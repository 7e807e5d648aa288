package io.streammtl.learn.metrics;

/**
 * Per-class histograms of scores in [0, 1] that approximate ROC-AUC in constant memory; scores
 * falling into the same bin count as ties, so the error is bounded by the pairs sharing a bin.
 */
final class ScoreHistogram {

    static final int BINS = 10_000;

    private final long[] positives = new long[BINS];
    private final long[] negatives = new long[BINS];
    private long positiveCount;
    private long negativeCount;

    void add(double score, boolean positive) {
        int bin = bin(score);
        if (positive) {
            positives[bin]++;
            positiveCount++;
        } else {
            negatives[bin]++;
            negativeCount++;
        }
    }

    /** AUC = Σ (negatives below · positives in bin + ½ · positives in bin · negatives in bin) / (P·N). */
    double auc() {
        if (positiveCount == 0 || negativeCount == 0) {
            return Double.NaN;
        }
        // Products are accumulated in double: long counts multiplied together could overflow.
        double credit = 0.0;
        double negativesBelow = 0.0;
        for (int b = 0; b < BINS; b++) {
            credit += negativesBelow * positives[b] + 0.5 * positives[b] * (double) negatives[b];
            negativesBelow += negatives[b];
        }
        return credit / ((double) positiveCount * negativeCount);
    }

    static int bin(double score) {
        if (!(score > 0.0)) {
            return 0;
        }
        return Math.min((int) (score * BINS), BINS - 1);
    }
}
