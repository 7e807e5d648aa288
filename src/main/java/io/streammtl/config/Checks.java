package io.streammtl.config;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The value checks that records run in their constructors, each throwing a {@link ConfigException} at a path. */
final class Checks {
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,63}");
    private static final Pattern KAFKA_NAME = Pattern.compile("[A-Za-z0-9._-]{1,200}");

    private Checks() {
    }

    static void name(String path, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ConfigException(path, "'" + name
                    + "' is not a valid name; expected a letter then letters, digits, '_', '.' or '-' (64 at most)");
        }
    }

    /** A Kafka topic, application id or store name: 1 to 200 letters, digits, '.', '_' or '-'. */
    static void kafkaName(String path, String name) {
        if (name == null || !KAFKA_NAME.matcher(name).matches()) {
            throw new ConfigException(path, "'" + name
                    + "' is not a valid Kafka name; expected 1 to 200 letters, digits, '.', '_' or '-'");
        }
    }

    static void positive(String path, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new ConfigException(path, format(value) + " is not a finite number > 0");
        }
    }

    static void nonNegative(String path, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new ConfigException(path, format(value) + " is not a finite number ≥ 0");
        }
    }

    /** {@code 0 ≤ value < 1} when {@code belowOne}, else a finite {@code value ≥ 0}. */
    static void fraction(String path, double value, boolean belowOne) {
        if (!(value >= 0) || (belowOne ? value >= 1 : Double.isInfinite(value))) {
            throw new ConfigException(path, format(value) + " is out of range; expected "
                    + (belowOne ? "0 ≤ value < 1" : "a finite number ≥ 0"));
        }
    }

    static void range(String path, long value, long min, long max) {
        if (value < min || value > max) {
            throw new ConfigException(path, value + " is out of range; expected " + min + " to " + max);
        }
    }

    static void distinct(String path, List<String> values) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < values.size(); i++) {
            if (!seen.add(values.get(i))) {
                throw new ConfigException(path + "[" + i + "]", "'" + values.get(i) + "' is listed twice");
            }
        }
    }

    /** A YAML integer as an int; one beyond int stays beyond every range an int field accepts. */
    static int clampToInt(long value) {
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
    }

    static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
