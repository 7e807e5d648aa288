package io.streammtl.stream;

import io.streammtl.config.ModelKeys;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which model keys one stream task learns: every key listed in {@code kafka.models}, and keys matching
 * {@code kafka.model_pattern} in order of first arrival while fewer than {@code kafka.max_models} minus the listed
 * ones are held (so the listed keys always have room). The count is per stream task (one input partition): which keys
 * are admitted then depends only on that partition's order of records, and a replay admits the same ones.
 */
final class ModelAdmission {
    /** Model keys are names: they travel in every prediction, so they are bounded like the event id. */
    static final int MAX_KEY_CHARS = 256;
    private final ModelKeys keys;
    private final Pattern pattern;
    private final Set<String> admitted = new HashSet<>();
    private int byPattern;

    ModelAdmission(ModelKeys keys) {
        this.keys = keys;
        this.pattern = keys.pattern() == null ? null : Pattern.compile(keys.pattern());
    }

    /** Forgets every admitted key (the task is initialised again from its store). */
    void clear() {
        admitted.clear();
        byPattern = 0;
    }

    /** Admits a key restored from the store, if the spec still accepts it; a key no longer accepted stays out. */
    void restore(String key) {
        if (keys.allowed().contains(key)) {
            admitted.add(key);
        } else if (pattern != null && pattern.matcher(key).matches() && admitted.add(key)) {
            byPattern++;
        }
    }

    /** Null when {@code key} is (now) admitted, else why not. */
    String admit(String key) {
        if (admitted.contains(key)) {
            return null;
        }
        if (key.length() > MAX_KEY_CHARS) {
            return "model key of " + key.length() + " characters; at most " + MAX_KEY_CHARS + " are accepted";
        }
        if (keys.allowed().contains(key)) {
            admitted.add(key);
            return null;
        }
        if (pattern == null || !pattern.matcher(key).matches()) {
            return "model key '" + shown(key) + "' is not accepted: kafka.models is " + keys.allowed()
                    + (pattern == null ? "" : " and kafka.model_pattern is '" + keys.pattern() + "'");
        }
        if (byPattern >= keys.max() - keys.allowed().size()) {
            return "model key '" + shown(key) + "' matches kafka.model_pattern, but this partition already holds "
                    + byPattern + " such models beside the " + keys.allowed().size() + " listed (kafka.max_models "
                    + keys.max() + ")";
        }
        admitted.add(key);
        byPattern++;
        return null;
    }

    private static String shown(String key) {
        return key.length() <= 200 ? key : key.substring(0, 200) + "… (" + key.length() + " characters)";
    }
}
