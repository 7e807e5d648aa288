package io.streammtl.config;

import java.util.List;

/**
 * One input feature: its name in events, the CSV column it is read from, and its type; a categorical
 * feature is one-hot encoded over its vocabulary plus one out-of-vocabulary slot.
 */
public record FeatureConfig(String name, String column, FeatureType type, List<String> vocabulary) {
    public FeatureConfig {
        vocabulary = List.copyOf(vocabulary);
    }

    /** Number of model inputs this feature occupies. */
    public int width() {
        return type == FeatureType.NUMERIC ? 1 : vocabulary.size() + 1;
    }
}
