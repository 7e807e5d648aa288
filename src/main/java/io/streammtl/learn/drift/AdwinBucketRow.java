package io.streammtl.learn.drift;

/**
 * One row of ADWIN's exponential histogram: up to {@code capacity} buckets that each summarise the same
 * number of consecutive values by their total and their sum of squared deviations, oldest first.
 */
final class AdwinBucketRow implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private final double[] totals;
    private final double[] variances;
    private int size;

    AdwinBucketRow(int capacity) {
        this.totals = new double[capacity];
        this.variances = new double[capacity];
    }

    int size() {
        return size;
    }

    double total(int bucket) {
        return totals[bucket];
    }

    double variance(int bucket) {
        return variances[bucket];
    }

    void append(double total, double variance) {
        totals[size] = total;
        variances[size] = variance;
        size++;
    }

    void removeOldest(int count) {
        System.arraycopy(totals, count, totals, 0, size - count);
        System.arraycopy(variances, count, variances, 0, size - count);
        size -= count;
    }
}
