package io.streammtl.config;

import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which model keys the service accepts: the keys listed in {@code allowed}, and, when {@code pattern} is set, up to
 * {@code max} further keys matching it (in order of first arrival); any other key is a dead letter. Bounding the
 * set keeps a producer bug or a hostile producer from creating models until memory runs out.
 */
public record ModelKeys(List<String> allowed, String pattern, int max) {
    /** The key an event carries when its producer leaves {@code model} unset (the schema's default). */
    public static final String DEFAULT_KEY = "default";

    /** Most keys one service instance admits. */
    public static final int MAX_MODELS = 100_000;

    public ModelKeys {
        allowed = List.copyOf(allowed);
        for (int i = 0; i < allowed.size(); i++) {
            if (allowed.get(i).isEmpty()) {
                throw new ConfigException("kafka.models[" + i + "]", "'' is not a model key");
            }
        }
        if (pattern != null) {
            try {
                Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                throw new ConfigException("kafka.model_pattern", "'" + pattern + "' is not a regular expression: "
                        + e.getDescription());
            }
        } else if (allowed.isEmpty()) {
            throw new ConfigException("kafka.models", "empty; expected at least one model key, or a model_pattern");
        }
        int least = Math.max(1, allowed.size());
        if (max < least || max > MAX_MODELS) {
            throw new ConfigException("kafka.max_models", max + " is out of range; expected " + least
                    + " (the keys listed in models) to " + MAX_MODELS);
        }
    }

    /** Whether the spec accepts {@code key} at all: listed, or matching the pattern (whatever {@code max} allows). */
    public boolean accepts(String key) {
        return allowed.contains(key) || pattern != null && Pattern.matches(pattern, key);
    }

    /** Only the schema's default key. */
    public static ModelKeys defaults() {
        return new ModelKeys(List.of(DEFAULT_KEY), null, 1);
    }

    /** Exactly these keys. */
    public static ModelKeys only(String... keys) {
        return new ModelKeys(List.of(keys), null, keys.length);
    }
}
