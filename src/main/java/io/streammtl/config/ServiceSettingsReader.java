package io.streammtl.config;

/**
 * Reads the {@code metrics} section (its window belongs to the model spec, its port to the service) and the
 * {@code csv} and {@code labels} sections; absent keys take the records' defaults.
 */
final class ServiceSettingsReader {
    private ServiceSettingsReader() {
    }

    static MetricsConfig metrics(ConfigNode node) {
        return new MetricsConfig(Checks.clampToInt(node.integer("window", MetricsConfig.defaults().window())));
    }

    static EndpointConfig endpoint(ConfigNode node) {
        return new EndpointConfig(Checks.clampToInt(node.integer("port", EndpointConfig.DEFAULT_PORT)),
                Checks.clampToInt(node.integer("family_worst_k", EndpointConfig.DEFAULT_FAMILY_WORST_K)));
    }

    static LabelsConfig labels(ConfigNode node, KafkaConfig kafka) {
        String pattern = node.has("pattern") ? node.string("pattern") : null;
        java.util.List<String> topics = node.has("topics") ? node.strings("topics") : java.util.List.of();
        LabelsConfig labels = new LabelsConfig(topics, pattern,
                node.string("joined_topic", LabelsConfig.joinedTopicFor(kafka.applicationId())),
                Checks.clampToInt(node.integer("partitions", 0)),
                millis(node, "orphan_wait", LabelsConfig.DEFAULT_ORPHAN_WAIT_MILLIS),
                millis(node, "late_window", LabelsConfig.DEFAULT_LATE_WINDOW_MILLIS),
                millis(node, "idle_advance", LabelsConfig.DEFAULT_IDLE_ADVANCE_MILLIS));
        node.rejectUnknownKeys();
        return labels;
    }

    private static long millis(ConfigNode node, String key, long fallback) {
        return node.has(key) ? Durations.parse(node.child(key), node.string(key)) : fallback;
    }

    static CsvConfig csv(ConfigNode node) {
        String delimiter = node.string("delimiter", "auto");
        Character d = switch (delimiter) {
            case "auto" -> null;
            case "\\t", "tab" -> '\t';
            default -> {
                if (delimiter.length() != 1) {
                    throw new ConfigException(node.child("delimiter"),
                            "'" + delimiter + "' is not one character; expected auto, tab or a single character");
                }
                yield delimiter.charAt(0);
            }
        };
        String quote = node.string("quote", String.valueOf(CsvConfig.defaults().quote()));
        if (quote.length() != 1) {
            throw new ConfigException(node.child("quote"), "'" + quote + "' is not one character");
        }
        node.rejectUnknownKeys();
        return new CsvConfig(d, quote.charAt(0));
    }
}
