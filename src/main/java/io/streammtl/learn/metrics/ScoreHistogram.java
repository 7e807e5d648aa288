package io.streammtl.learn.metrics;

import java.nio.ByteBuffer;

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

    /** Scores added so far. */
    long count() {
        return positiveCount + negativeCount;
    }

    /** Bytes that {@link #write} puts for the current counts. */
    int stateBytes() {
        int bytes = 0;
        int nonEmpty = 0;
        int previous = -1;
        for (int b = 0; b < BINS; b++) {
            if (positives[b] != 0 || negatives[b] != 0) {
                nonEmpty++;
                bytes += MetricsStateCodec.varLongBytes(b - previous - 1)
                        + MetricsStateCodec.varLongBytes(positives[b])
                        + MetricsStateCodec.varLongBytes(negatives[b]);
                previous = b;
            }
        }
        return MetricsStateCodec.varLongBytes(nonEmpty) + bytes;
    }

    /**
     * Writes the number of non-empty bins, then those bins only, in ascending order, each as
     * varints (gap since the previous non-empty bin, positives, negatives): most bins hold small
     * counts, so this takes a few bytes per bin instead of 16.
     */
    void write(ByteBuffer out) {
        int nonEmpty = 0;
        for (int b = 0; b < BINS; b++) {
            if (positives[b] != 0 || negatives[b] != 0) {
                nonEmpty++;
            }
        }
        MetricsStateCodec.putVarLong(out, nonEmpty);
        int previous = -1;
        for (int b = 0; b < BINS; b++) {
            if (positives[b] != 0 || negatives[b] != 0) {
                MetricsStateCodec.putVarLong(out, b - previous - 1);
                MetricsStateCodec.putVarLong(out, positives[b]);
                MetricsStateCodec.putVarLong(out, negatives[b]);
                previous = b;
            }
        }
    }

    /** Decodes what {@link #write} wrote into a new histogram. */
    static ScoreHistogram read(ByteBuffer in) {
        ScoreHistogram histogram = new ScoreHistogram();
        int nonEmpty = MetricsStateCodec.getVarIndex(in, BINS + 1, "histogram bin count");
        int previous = -1;
        for (int i = 0; i < nonEmpty; i++) {
            int b = previous + 1
                    + MetricsStateCodec.getVarIndex(in, BINS - previous - 1, "histogram bin gap");
            long positive = MetricsStateCodec.getVarLong(in);
            long negative = MetricsStateCodec.getVarLong(in);
            if (positive == 0 && negative == 0) {
                throw new IllegalArgumentException(
                        "metrics state lists histogram bin " + b + " as empty");
            }
            histogram.positives[b] = positive;
            histogram.negatives[b] = negative;
            histogram.positiveCount = Math.addExact(histogram.positiveCount, positive);
            histogram.negativeCount = Math.addExact(histogram.negativeCount, negative);
            previous = b;
        }
        return histogram;
    }

    static int bin(double score) {
        if (!(score > 0.0)) {
            return 0;
        }
        return Math.min((int) (score * BINS), BINS - 1);
    }
}
