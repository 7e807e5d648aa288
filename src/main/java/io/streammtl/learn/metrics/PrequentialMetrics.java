package io.streammtl.learn.metrics;

import java.nio.ByteBuffer;
import java.util.Map;

/**
 * Streaming (test-then-train) quality metrics for one task, both since the start of the stream and
 * over a sliding window of the most recent records.
 *
 * <p>Memory is fixed at creation (O(window) plus, for binary tasks, a score histogram) and
 * {@link #record} does not allocate. Implementations are not thread-safe.
 */
public interface PrequentialMetrics {

    /**
     * Records one prediction against its label. Records whose prediction is NaN or infinite are
     * ignored and counted by {@link #skipped()}.
     *
     * <ul>
     *   <li>regression: {@code label} is the true value, {@code outputs[offset]} the prediction;
     *   <li>binary: {@code label} is 0 or 1, {@code outputs[offset]} is P(1);
     *   <li>multiclass: {@code label} is the class index, {@code outputs[offset .. offset+classes)}
     *       the class probabilities.
     * </ul>
     *
     * @throws IllegalArgumentException if the label is invalid for the task kind
     */
    void record(double label, float[] outputs, int offset);

    /** Number of records counted in the metrics. */
    long count();

    /** Number of records ignored because their prediction was not finite. */
    long skipped();

    /** Metrics over everything recorded; values are NaN when undefined. */
    Map<String, Double> cumulative();

    /** Exact metrics over the last {@code window} counted records; values are NaN when undefined. */
    Map<String, Double> windowed();

    /** Number of bytes {@link #write} puts for the current state. */
    int stateBytes();

    /**
     * Writes everything {@link #count()}, {@link #skipped()}, {@link #cumulative()} and
     * {@link #windowed()} depend on, so that {@link #read} restores them exactly: a header (task
     * kind byte, class count as int (0 regression, 2 binary), window as int), the running counts
     * and sums, the window's rows oldest first, and for binary tasks the non-empty histogram bins.
     * Fixed-width fields are little-endian; the buffer must be in little-endian order and have
     * {@link #stateBytes()} bytes left. The layout is versioned by the enclosing learner format.
     */
    void write(ByteBuffer out);

    /**
     * Replaces this object's state with one written by {@link #write} from metrics of the same
     * kind, class count and window; afterwards every result and every further {@link #record}
     * behaves exactly as on the writer. On failure this object is unchanged (the buffer's position
     * is not).
     *
     * @throws IllegalArgumentException if the state is of another task kind, class count or
     *     window, is truncated, or is inconsistent
     */
    void read(ByteBuffer in);

    /** Tracks mse, mae and r2. */
    static PrequentialMetrics regression(int window) {
        return new RegressionPrequential(window);
    }

    /**
     * Tracks accuracy, logloss and auc. Cumulative AUC is a histogram approximation (bin width
     * 1e-4 over [0, 1]); windowed AUC is exact.
     */
    static PrequentialMetrics binary(int window) {
        return new BinaryPrequential(window);
    }

    /** Tracks accuracy, macro_f1 and logloss over {@code classes} classes. */
    static PrequentialMetrics multiclass(int classes, int window) {
        return new MulticlassPrequential(classes, window);
    }
}
