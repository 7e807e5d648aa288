package io.streammtl.report;

import java.util.Objects;

/**
 * A prequential metric of one task over time: x is examples seen, y the metric value (NaN values are skipped);
 * {@code driftAt} marks where the task's detector signalled drift (drawn as vertical lines).
 */
public record MetricCurve(String task, String metric, long[] examples, double[] values, long[] driftAt) {

    /** A curve without drift markers. */
    public MetricCurve(String task, String metric, long[] examples, double[] values) {
        this(task, metric, examples, values, new long[0]);
    }

    public MetricCurve {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(examples, "examples");
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(driftAt, "driftAt");
        if (examples.length != values.length) {
            throw new IllegalArgumentException("Metric curve '" + metric + "' for task '" + task + "' has "
                    + examples.length + " x values but " + values.length + " y values");
        }
    }
}
