package io.streammtl.learn.drift;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A detector kind and its parameter overrides as named in configuration, e.g. {@code drift: {detector:
 * adwin, delta: 0.002}} becomes {@code new DriftDetectorSpec("adwin", Map.of("delta", 0.002))};
 * parameters left out take the defaults of {@link DriftDetectors#defaults(String)}.
 */
public record DriftDetectorSpec(String kind, Map<String, Double> parameters) {

    public DriftDetectorSpec {
        Objects.requireNonNull(kind, "kind");
        Map<String, Double> copy = new LinkedHashMap<>();
        if (parameters != null) {
            parameters.forEach((name, value) -> {
                if (name == null || value == null) {
                    throw new IllegalArgumentException(
                            "drift detector " + kind + " parameter " + name + " has no value");
                }
                copy.put(name, value);
            });
        }
        parameters = Collections.unmodifiableMap(copy);
    }

    /** A spec for the kind with all parameters at their defaults. */
    public static DriftDetectorSpec of(String kind) {
        return new DriftDetectorSpec(kind, Map.of());
    }
}
