package io.streammtl.learn.drift;

import io.streammtl.learn.state.StateReader;
import io.streammtl.learn.state.StateWriter;

import java.io.IOException;

/**
 * One row of ADWIN's exponential histogram: up to {@code capacity} buckets that each summarise the same
 * number of consecutive values by their total and their sum of squared deviations, oldest first.
 */
final class AdwinBucketRow {
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

    /** The bucket count, then each bucket's total and squared deviations, oldest first. */
    void write(StateWriter out) {
        out.putInt(size);
        for (int b = 0; b < size; b++) {
            out.putDouble(totals[b]).putDouble(variances[b]);
        }
    }

    /** Reads what {@link #write} wrote; more buckets than this row holds (another max_buckets) are refused. */
    void read(StateReader in) throws IOException {
        size = in.getCount("buckets in a row", totals.length);
        for (int b = 0; b < size; b++) {
            totals[b] = in.getDouble();
            variances[b] = in.getDouble();
        }
    }
}
