package io.streammtl.config;

/** Reads the {@code preprocessing} section and its {@code outlier_guard}; absent keys take the records' defaults. */
final class PreprocessingReader {
    private PreprocessingReader() {
    }

    static PreprocessingConfig preprocessing(ConfigNode node) {
        PreprocessingConfig d = PreprocessingConfig.defaults();
        PreprocessingConfig config = new PreprocessingConfig(node.bool("standardize_features", d.standardizeFeatures()),
                node.bool("standardize_targets", d.standardizeTargets()), outlierGuard(node));
        node.rejectUnknownKeys();
        return config;
    }

    /** {@code outlier_guard}: absent or {@code on} (the defaults), {@code off}, or {deviations, min_count}. */
    private static OutlierGuardConfig outlierGuard(ConfigNode parent) {
        if (parent.isObject("outlier_guard")) {
            ConfigNode node = parent.object("outlier_guard");
            double deviations = node.number("deviations", OutlierGuardConfig.DEFAULT_DEVIATIONS);
            Checks.positive(node.child("deviations"), deviations);
            long minCount = node.integer("min_count", OutlierGuardConfig.DEFAULT_MIN_COUNT);
            if (minCount < 2) {
                throw new ConfigException(node.child("min_count"), minCount
                        + " is out of range; expected 2 or more (a deviation needs two values)");
            }
            node.rejectUnknownKeys();
            return new OutlierGuardConfig(true, deviations, minCount);
        }
        // YAML 1.1 readers may hand an unquoted off/on over as a boolean.
        String text = parent.string("outlier_guard", "on");
        return switch (text) {
            case "on", "true" -> OutlierGuardConfig.defaults();
            case "off", "false" -> OutlierGuardConfig.off();
            default -> throw new ConfigException(parent.child("outlier_guard"), "'" + text
                    + "' is not on, off or a mapping {deviations: 50, min_count: 100}");
        };
    }
}
