package io.streammtl.config;

/**
 * The lowest acceptable windowed prequential value of one of a task's metrics (higher is better); exported as a
 * gauge so that one generic alert fires whichever task falls below its floor.
 */
public record QualityFloor(String metric, double min) {
    /**
     * Paths in errors are relative to the floor ({@code min}); its reader adds {@code tasks[i].quality_floor} and
     * checks the metric against the task's kind.
     */
    public QualityFloor {
        if (metric == null || metric.isBlank()) {
            throw new ConfigException("metric", "missing; expected a higher-is-better metric of the task");
        }
        if (!Double.isFinite(min)) {
            throw new ConfigException("min", Checks.format(min) + " is not a finite number");
        }
    }
}
