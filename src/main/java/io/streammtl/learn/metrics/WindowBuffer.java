package io.streammtl.learn.metrics;

import java.util.Arrays;

/** Fixed-capacity ring of equal-width numeric rows that keeps only the most recent ones. */
final class WindowBuffer {

    private final int capacity;
    private final int width;
    private final double[] cells;
    private int next;
    private int size;

    WindowBuffer(int capacity, int width) {
        if (capacity < 1) {
            throw new IllegalArgumentException("window must be >= 1, got " + capacity);
        }
        if (width < 1) {
            throw new IllegalArgumentException("row width must be >= 1, got " + width);
        }
        this.capacity = capacity;
        this.width = width;
        this.cells = new double[Math.multiplyExact(capacity, width)];
    }

    /** Takes the slot for a new row, overwriting the oldest once full, and returns its index. */
    int claim() {
        int row = next;
        next = next + 1 == capacity ? 0 : next + 1;
        if (size < capacity) {
            size++;
        }
        return row;
    }

    void set(int row, int column, double value) {
        cells[row * width + column] = value;
    }

    int size() {
        return size;
    }

    int capacity() {
        return capacity;
    }

    /** One cell of the held row at {@code index}, counted from the oldest (0). */
    double get(int index, int column) {
        int row = oldest() + index;
        if (row >= capacity) {
            row -= capacity;
        }
        return cells[row * width + column];
    }

    /** Copies one column of the held rows, oldest first. */
    double[] column(int column) {
        double[] copy = new double[size];
        int row = oldest();
        for (int i = 0; i < size; i++) {
            copy[i] = cells[row * width + column];
            row = row + 1 == capacity ? 0 : row + 1;
        }
        return copy;
    }

    /** Copies columns {@code [from, from + count)} of the held rows, oldest first. */
    double[][] rows(int from, int count) {
        double[][] copy = new double[size][];
        int row = oldest();
        for (int i = 0; i < size; i++) {
            int start = row * width + from;
            copy[i] = Arrays.copyOfRange(cells, start, start + count);
            row = row + 1 == capacity ? 0 : row + 1;
        }
        return copy;
    }

    private int oldest() {
        return size < capacity ? 0 : next;
    }
}
