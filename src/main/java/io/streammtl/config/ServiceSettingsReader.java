package io.streammtl.config;

/**
 * Reads the {@code metrics} section (its window belongs to the model spec, its port to the service) and the
 * {@code csv} section; absent keys take the records' defaults.
 */
final class ServiceSettingsReader {
    private ServiceSettingsReader() {
    }

    static MetricsConfig metrics(ConfigNode node) {
        return new MetricsConfig(Checks.clampToInt(node.integer("window", MetricsConfig.defaults().window())));
    }

    static EndpointConfig endpoint(ConfigNode node) {
        return new EndpointConfig(Checks.clampToInt(node.integer("port", EndpointConfig.DEFAULT_PORT)));
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
