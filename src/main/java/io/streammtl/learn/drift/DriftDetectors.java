package io.streammtl.learn.drift;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Builds drift detectors from configuration specs, checking parameter names and ranges. */
public final class DriftDetectors {

    private static final Map<String, Map<String, Double>> DEFAULTS = defaultsByKind();

    private DriftDetectors() {
    }

    /** The detector kinds, in a stable order. */
    public static Set<String> kinds() {
        return DEFAULTS.keySet();
    }

    /** The parameters a kind accepts, with their defaults, in a stable order. */
    public static Map<String, Double> defaults(String kind) {
        Map<String, Double> defaults = DEFAULTS.get(kind);
        if (defaults == null) {
            throw new IllegalArgumentException(
                    "unknown drift detector '" + kind + "'; expected one of " + kinds());
        }
        return defaults;
    }

    /**
     * Creates a fresh detector from a spec.
     *
     * @throws IllegalArgumentException naming the kind, or the parameter and the allowed ones, when the
     *     kind is unknown, a parameter is not one the kind takes, or a value is out of range
     */
    public static DriftDetector create(DriftDetectorSpec spec) {
        Objects.requireNonNull(spec, "spec");
        Map<String, Double> p = resolve(spec);
        String kind = spec.kind();
        return switch (kind) {
            case Adwin.NAME -> new Adwin(p.get("delta"), whole(kind, p, "clock"),
                    whole(kind, p, "max_buckets"), whole(kind, p, "min_window_length"),
                    whole(kind, p, "grace_period"));
            case PageHinkley.NAME -> new PageHinkley(whole(kind, p, "min_instances"), p.get("delta"),
                    p.get("threshold"), p.get("alpha"));
            case Ddm.NAME -> new Ddm(whole(kind, p, "min_instances"), p.get("warning_threshold"),
                    p.get("drift_threshold"));
            case Eddm.NAME -> new Eddm(p.get("alpha"), p.get("beta"), whole(kind, p, "min_errors"));
            case HddmA.NAME -> new HddmA(p.get("drift_confidence"), p.get("warning_confidence"));
            default -> throw new IllegalStateException("no constructor for drift detector " + kind);
        };
    }

    private static Map<String, Double> resolve(DriftDetectorSpec spec) {
        Map<String, Double> resolved = new LinkedHashMap<>(defaults(spec.kind()));
        Set<String> unknown = new TreeSet<>(spec.parameters().keySet());
        unknown.removeAll(resolved.keySet());
        if (!unknown.isEmpty()) {
            String names = unknown.stream().map(name -> "'" + name + "'").collect(Collectors.joining(", "));
            throw new IllegalArgumentException("unknown parameter " + names + " for drift detector "
                    + spec.kind() + "; allowed: " + resolved.keySet());
        }
        resolved.putAll(spec.parameters());
        return resolved;
    }

    private static int whole(String kind, Map<String, Double> parameters, String name) {
        return Parameters.integer(kind, name, parameters.get(name));
    }

    private static Map<String, Map<String, Double>> defaultsByKind() {
        Map<String, Map<String, Double>> kinds = new LinkedHashMap<>();
        kinds.put(Adwin.NAME, ordered(Map.entry("delta", 0.002), Map.entry("clock", 32.0),
                Map.entry("max_buckets", 5.0), Map.entry("min_window_length", 5.0),
                Map.entry("grace_period", 10.0)));
        kinds.put(PageHinkley.NAME, ordered(Map.entry("min_instances", 30.0), Map.entry("delta", 0.005),
                Map.entry("threshold", 50.0), Map.entry("alpha", 1.0 - 0.0001)));
        kinds.put(Ddm.NAME, ordered(Map.entry("min_instances", 30.0), Map.entry("warning_threshold", 2.0),
                Map.entry("drift_threshold", 3.0)));
        kinds.put(Eddm.NAME, ordered(Map.entry("alpha", 0.95), Map.entry("beta", 0.9),
                Map.entry("min_errors", 30.0)));
        kinds.put(HddmA.NAME, ordered(Map.entry("drift_confidence", 0.001),
                Map.entry("warning_confidence", 0.005)));
        return Collections.unmodifiableMap(kinds);
    }

    @SafeVarargs
    private static Map<String, Double> ordered(Map.Entry<String, Double>... entries) {
        Map<String, Double> map = new LinkedHashMap<>();
        for (Map.Entry<String, Double> entry : entries) {
            map.put(entry.getKey(), entry.getValue());
        }
        return Collections.unmodifiableMap(map);
    }
}
