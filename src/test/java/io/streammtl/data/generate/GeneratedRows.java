package io.streammtl.data.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Test support: a generated stream parsed back into numbers, with the statistics the tests compare. */
final class GeneratedRows {
    private final List<double[]> rows;

    private GeneratedRows(List<double[]> rows) {
        this.rows = rows;
    }

    /** Every row of {@code generator}, parsed as numbers; the label is the last field. */
    static GeneratedRows of(StreamGenerator generator) {
        List<double[]> rows = new ArrayList<>();
        for (long i = 0; i < generator.rows(); i++) {
            String[] fields = generator.next();
            double[] values = new double[fields.length];
            for (int j = 0; j < fields.length; j++) {
                values[j] = Double.parseDouble(fields[j]);
            }
            rows.add(values);
        }
        return new GeneratedRows(rows);
    }

    /** Rows {@code from} to {@code to}, both 1-based and inclusive. */
    List<double[]> between(long from, long to) {
        return rows.subList((int) from - 1, (int) to);
    }

    static double label(double[] row) {
        return row[row.length - 1];
    }

    /** Share of {@code rows} that satisfy {@code test}. */
    static double share(List<double[]> rows, Predicate<double[]> test) {
        return rows.stream().filter(test).count() / (double) rows.size();
    }

    /** Pearson correlation between feature {@code feature} (0-based) and the label. */
    static double correlation(List<double[]> rows, int feature) {
        double n = rows.size();
        double sx = 0;
        double sy = 0;
        for (double[] row : rows) {
            sx += row[feature];
            sy += label(row);
        }
        double mx = sx / n;
        double my = sy / n;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (double[] row : rows) {
            double dx = row[feature] - mx;
            double dy = label(row) - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    /** {@link #share} in {@code buckets} equal runs of rows {@code from} to {@code to}, in order. */
    List<Double> bucketShares(long from, long to, int buckets, Predicate<double[]> counted, Predicate<double[]> test) {
        List<Double> shares = new ArrayList<>();
        long size = (to - from + 1) / buckets;
        for (int b = 0; b < buckets; b++) {
            List<double[]> bucket = between(from + b * size, from + (b + 1) * size - 1).stream()
                    .filter(counted).toList();
            shares.add(share(bucket, test));
        }
        return shares;
    }
}
