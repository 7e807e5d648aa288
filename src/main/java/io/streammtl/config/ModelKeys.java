package io.streammtl.config;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Which model keys the service accepts: the keys listed in {@code allowed}, and, when {@code pattern} is set, up to
 * {@code max} further keys matching it (in order of first arrival); any other key is a dead letter. Bounding the
 * set keeps a producer bug or a hostile producer from creating models until memory runs out.
 */
public record ModelKeys(List<String> allowed, String pattern, int max) {
    /** The key an event carries when its producer leaves {@code model} unset (the schema's default). */
    public static final String DEFAULT_KEY = "default";

    public ModelKeys {
        allowed = List.copyOf(allowed);
        if (allowed.isEmpty() && pattern == null) {
            throw new IllegalArgumentException("no model key is allowed: give models or model_pattern");
        }
        if (max < allowed.size()) {
            throw new IllegalArgumentException("max_models " + max + " is below the " + allowed.size()
                    + " keys listed in models");
        }
        if (pattern != null) {
            Pattern.compile(pattern);
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
