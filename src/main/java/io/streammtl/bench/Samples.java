package io.streammtl.bench;

import java.util.Arrays;

/** A growable list of primitive doubles: a million boxed samples would lengthen every young-GC pause they live through. */
final class Samples {
    private double[] values = new double[1 << 12];
    private int size;

    void add(double value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = value;
    }

    int size() {
        return size;
    }

    double[] toArray() {
        return Arrays.copyOf(values, size);
    }

    /** The median of {@code figure} over {@code items} (the mean of the middle two for an even count). */
    static <T> double median(java.util.List<T> items, java.util.function.ToDoubleFunction<T> figure) {
        double[] values = items.stream().mapToDouble(figure).toArray();
        Arrays.sort(values);
        int middle = values.length / 2;
        return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    /** The nearest-rank percentile {@code p} (0–100) of {@code values}; NaN when there are none. */
    static double percentile(double[] values, double p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
