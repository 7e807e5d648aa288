package io.streammtl.learn.drift;

import io.streammtl.learn.state.StateReader;
import io.streammtl.learn.state.StateWriter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * ADWIN, adaptive windowing (Bifet &amp; Gavaldà, "Learning from Time-Changing Data with Adaptive
 * Windowing", SDM 2007), with the ADWIN2 exponential-histogram window as in MOA and River.
 *
 * <p>Input: bounded real values, such as 0/1 errors or prequential losses. The cut bound has a term
 * in the window's empirical variance and a term that assumes values of range about 1, so losses on a
 * much smaller scale (say below 0.01) leave ADWIN insensitive and should be rescaled. Every {@code clock}
 * values (once the window holds more than {@code grace_period}) every bucket boundary that leaves at
 * least {@code min_window_length} values on each side is tested, and while the means of the older and
 * newer parts differ by more than the bound the oldest bucket is dropped. The test is two-sided: a fall
 * in the loss is a drift too. A cut is reported as {@link DriftLevel#DRIFT}; ADWIN has no warning
 * level. After a drift the whole window is discarded on the next value, as in River, so one change is
 * reported once rather than at each of the successive cuts it causes.
 *
 * <p>{@link #statistic()} is the mean of the current window (0 when empty).
 */
public final class Adwin extends BaseDriftDetector {
    public static final String NAME = "adwin";

    private final double delta;
    private final int clock;
    private final int maxBuckets;
    private final int minWindowLength;
    private final int gracePeriod;

    /** Row i holds buckets of 2^i values; row 0 is the newest. */
    private final List<AdwinBucketRow> rows = new ArrayList<>();
    private long width;
    private double total;
    /** Sum of squared deviations from the window mean. */
    private double variance;

    /** ADWIN with River's defaults: delta 0.002, clock 32, 5 buckets per row, 5 values per side, grace 10. */
    public Adwin() {
        this(0.002);
    }

    public Adwin(double delta) {
        this(delta, 32, 5, 5, 10);
    }

    public Adwin(double delta, int clock, int maxBuckets, int minWindowLength, int gracePeriod) {
        this.delta = Parameters.openUnit(NAME, "delta", delta);
        this.clock = Parameters.atLeast(NAME, "clock", 1, clock);
        this.maxBuckets = Parameters.atLeast(NAME, "max_buckets", 2, maxBuckets);
        this.minWindowLength = Parameters.atLeast(NAME, "min_window_length", 1, minWindowLength);
        this.gracePeriod = Parameters.atLeast(NAME, "grace_period", 0, gracePeriod);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public double statistic() {
        return width == 0 ? 0.0 : total / width;
    }

    /** Number of values in the current window. */
    public long width() {
        return width;
    }

    /** Sum of squared deviations from the window mean, as kept by the buckets. */
    double squaredDeviations() {
        return variance;
    }

    @Override
    DriftLevel observe(double value) {
        insert(value);
        if (seen() % clock == 0 && width > gracePeriod && shrinkWhileCut()) {
            return DriftLevel.DRIFT;
        }
        return DriftLevel.STABLE;
    }

    /** The window's sums, then each row of buckets, row 0 (buckets of single values) first. */
    @Override
    void writeTest(StateWriter out) {
        out.putLong(width).putDouble(total).putDouble(variance);
        out.putInt(rows.size());
        for (AdwinBucketRow row : rows) {
            row.write(out);
        }
    }

    @Override
    void readTest(StateReader in) throws IOException {
        width = in.getLong();
        total = in.getDouble();
        variance = in.getDouble();
        // Row i holds buckets of 2^i values, so a window of width at most Long.MAX_VALUE has fewer than 64 rows.
        int count = in.getCount("bucket rows", Long.SIZE - 1);
        rows.clear();
        long counted = 0;
        for (int i = 0; i < count; i++) {
            AdwinBucketRow row = newRow();
            row.read(in);
            rows.add(row);
            counted += (long) row.size() << i;
        }
        if (counted != width) {
            throw new IOException(NAME + " state has buckets of " + counted + " values for a window of " + width);
        }
    }

    @Override
    void clear() {
        rows.clear();
        width = 0;
        total = 0.0;
        variance = 0.0;
    }

    private void insert(double value) {
        width++;
        if (width > 1) {
            double deviation = value - total / (width - 1);
            variance += (width - 1) * deviation * deviation / width;
        }
        total += value;
        if (rows.isEmpty()) {
            rows.add(newRow());
        }
        rows.get(0).append(value, 0.0);
        compress();
    }

    /** Merges the two oldest buckets of any row that overflowed into one bucket of the next row. */
    private void compress() {
        for (int i = 0; i < rows.size() && rows.get(i).size() > maxBuckets; i++) {
            AdwinBucketRow row = rows.get(i);
            if (i + 1 == rows.size()) {
                rows.add(newRow());
            }
            double n = bucketLength(i);
            double meanGap = (row.total(0) - row.total(1)) / n;
            double merged = row.variance(0) + row.variance(1) + n * n * meanGap * meanGap / (n + n);
            rows.get(i + 1).append(row.total(0) + row.total(1), merged);
            row.removeOldest(2);
        }
    }

    /** Drops the oldest bucket while some cut separates sub-windows with different means. */
    private boolean shrinkWhileCut() {
        boolean cut = false;
        while (width > 0 && findCut()) {
            removeOldestBucket();
            cut = true;
        }
        return cut;
    }

    private boolean findCut() {
        double n0 = 0.0;
        double u0 = 0.0;
        double n1 = width;
        double u1 = total;
        for (int i = rows.size() - 1; i >= 0; i--) {
            AdwinBucketRow row = rows.get(i);
            double n = bucketLength(i);
            for (int k = 0; k < row.size(); k++) {
                n0 += n;
                n1 -= n;
                u0 += row.total(k);
                u1 -= row.total(k);
                if (n1 == 0) {
                    return false;
                }
                if (n0 >= minWindowLength && n1 >= minWindowLength
                        && Math.abs(u0 / n0 - u1 / n1) > cutBound(n0, n1)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The variance-based bound of Bifet &amp; Gavaldà (2007), section 3, as MOA and River compute it. */
    private double cutBound(double n0, double n1) {
        double deltaPrime = Math.log(2.0 * Math.log(width) / delta);
        double harmonic = 1.0 / (n0 - minWindowLength + 1) + 1.0 / (n1 - minWindowLength + 1);
        double windowVariance = variance / width;
        return Math.sqrt(2.0 * harmonic * windowVariance * deltaPrime) + 2.0 / 3.0 * deltaPrime * harmonic;
    }

    private void removeOldestBucket() {
        int last = rows.size() - 1;
        AdwinBucketRow row = rows.get(last);
        double n = bucketLength(last);
        double bucketTotal = row.total(0);
        width -= (long) n;
        total -= bucketTotal;
        if (width == 0) {
            variance = 0.0;
        } else {
            double gap = bucketTotal / n - total / width;
            // Rounding can leave a tiny negative remainder, which would make the bound NaN.
            variance = Math.max(0.0, variance - row.variance(0) - n * width * gap * gap / (n + width));
        }
        row.removeOldest(1);
        if (row.size() == 0) {
            rows.remove(last);
        }
    }

    private AdwinBucketRow newRow() {
        return new AdwinBucketRow(maxBuckets + 1);
    }

    private static double bucketLength(int row) {
        return Math.scalb(1.0, row);
    }
}
