package io.streammtl.config;

/**
 * {@code preprocessing.outlier_guard}: an example whose regression label or numeric feature lies more than
 * {@code deviations} running standard deviations from its running mean, once that mean has seen {@code minCount}
 * values, is kept from the model; {@code off} disables the check.
 */
public record OutlierGuardConfig(boolean enabled, double deviations, long minCount) {
    public static final double DEFAULT_DEVIATIONS = 50;
    public static final long DEFAULT_MIN_COUNT = 100;

    /** The guard as a spec without {@code outlier_guard} has it. */
    public static OutlierGuardConfig defaults() {
        return new OutlierGuardConfig(true, DEFAULT_DEVIATIONS, DEFAULT_MIN_COUNT);
    }

    /** No guard: only NaN, infinities and configured ranges keep a value out. */
    public static OutlierGuardConfig off() {
        return new OutlierGuardConfig(false, DEFAULT_DEVIATIONS, DEFAULT_MIN_COUNT);
    }
}
