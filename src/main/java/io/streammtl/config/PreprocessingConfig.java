package io.streammtl.config;

/**
 * Switches for online running-mean/variance standardisation of numeric features and regression targets, and the
 * guard that keeps values far outside those running statistics from the model.
 */
public record PreprocessingConfig(boolean standardizeFeatures, boolean standardizeTargets,
                                  OutlierGuardConfig outlierGuard) {
    /** Standardisation as given, with the default outlier guard. */
    public PreprocessingConfig(boolean standardizeFeatures, boolean standardizeTargets) {
        this(standardizeFeatures, standardizeTargets, OutlierGuardConfig.defaults());
    }

    /** Features and targets standardised, the default outlier guard. */
    public static PreprocessingConfig defaults() {
        return new PreprocessingConfig(true, true);
    }
}
