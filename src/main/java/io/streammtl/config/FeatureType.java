package io.streammtl.config;

/** How a feature's raw value is read: a number, or a category from a vocabulary. */
public enum FeatureType {
    NUMERIC, CATEGORICAL
}
