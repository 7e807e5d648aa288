package io.streammtl.report;

import java.util.Objects;

/** A prequential metric of one task over time: x is examples seen, y the metric value (NaN values are skipped). */
public record MetricCurve(String task, String metric, long[] examples, double[] values) {

    public MetricCurve {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(examples, "examples");
        Objects.requireNonNull(values, "values");
        if (examples.length != values.length) {
            throw new IllegalArgumentException("Metric curve '" + metric + "' for task '" + task + "' has "
                    + examples.length + " x values but " + values.length + " y values");
        }
    }
}
