package io.streammtl.config;

/**
 * What a missing value of a feature means: an error (the default: the row or event is rejected), or imputed,
 * for a numeric feature with the running mean or a fixed {@code value} plus a 0/1 missing-indicator input, for
 * a categorical feature as its own bucket.
 */
public record MissingPolicy(boolean impute, Double value) {
    /** Missing values are errors. */
    public static MissingPolicy error() {
        return new MissingPolicy(false, null);
    }

    /** Numeric: the running mean (or {@code value} when given) plus an indicator; categorical: a missing bucket. */
    public static MissingPolicy impute(Double value) {
        return new MissingPolicy(true, value);
    }

    /** Whether a numeric feature is imputed with its running mean. */
    public boolean imputesMean() {
        return impute && value == null;
    }
}
