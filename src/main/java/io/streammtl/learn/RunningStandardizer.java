package io.streammtl.learn;

import io.streammtl.learn.state.StateReader;
import io.streammtl.learn.state.StateWriter;

import java.io.IOException;
import java.util.Arrays;

/**
 * Running mean and variance per column (Welford 1962), in double, used to standardise features and
 * regression targets online; a column with fewer than two values or no spread is scaled by 1.
 */
public final class RunningStandardizer {
    private static final double MIN_STD = 1e-8;

    private final long[] count;
    private final double[] mean;
    private final double[] m2;

    public RunningStandardizer(int columns) {
        this.count = new long[columns];
        this.mean = new double[columns];
        this.m2 = new double[columns];
    }

    public int columns() {
        return mean.length;
    }

    public void update(int column, double value) {
        long n = ++count[column];
        double delta = value - mean[column];
        mean[column] += delta / n;
        m2[column] += delta * (value - mean[column]);
    }

    public double mean(int column) {
        return mean[column];
    }

    /** Population standard deviation, or 1 where it is undefined or zero. */
    public double std(int column) {
        if (count[column] < 2) {
            return 1.0;
        }
        double std = Math.sqrt(m2[column] / count[column]);
        return std < MIN_STD ? 1.0 : std;
    }

    public long count(int column) {
        return count[column];
    }

    public float standardize(int column, double value) {
        return (float) ((value - mean[column]) / std(column));
    }

    public double restore(int column, double standardized) {
        return standardized * std(column) + mean[column];
    }

    /** Copies another standardizer's state into this one (same number of columns). */
    public void copyFrom(RunningStandardizer other) {
        System.arraycopy(other.count, 0, count, 0, count.length);
        System.arraycopy(other.mean, 0, mean, 0, mean.length);
        System.arraycopy(other.m2, 0, m2, 0, m2.length);
    }

    /** The column count, then per column its count, mean and sum of squared deviations. */
    public void write(StateWriter out) {
        out.putInt(mean.length);
        for (int c = 0; c < mean.length; c++) {
            out.putLong(count[c]).putDouble(mean[c]).putDouble(m2[c]);
        }
    }

    public void read(StateReader in) throws IOException {
        int columns = in.getInt();
        if (columns != mean.length) {
            throw new IOException("standardizer has " + columns + " columns, expected " + mean.length);
        }
        for (int c = 0; c < columns; c++) {
            count[c] = in.getLong();
            mean[c] = in.getDouble();
            m2[c] = in.getDouble();
        }
    }

    /**
     * Reads statistics written with another column layout: stored column c goes to column {@code columnOf[c]}
     * (-1: dropped); columns nothing maps to start empty.
     */
    public void readMapped(StateReader in, int[] columnOf) throws IOException {
        int columns = in.getInt();
        if (columns != columnOf.length) {
            throw new IOException("standardizer has " + columns + " columns, the recorded spec says " + columnOf.length);
        }
        Arrays.fill(count, 0);
        Arrays.fill(mean, 0);
        Arrays.fill(m2, 0);
        for (int c = 0; c < columns; c++) {
            long n = in.getLong();
            double m = in.getDouble();
            double squares = in.getDouble();
            int to = columnOf[c];
            if (to >= 0) {
                count[to] = n;
                mean[to] = m;
                m2[to] = squares;
            }
        }
    }
}
