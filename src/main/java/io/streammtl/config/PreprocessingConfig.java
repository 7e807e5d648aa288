package io.streammtl.config;

/** Switches for online running-mean/variance standardisation of numeric features and regression targets. */
public record PreprocessingConfig(boolean standardizeFeatures, boolean standardizeTargets) {
}
