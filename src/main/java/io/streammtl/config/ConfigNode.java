package io.streammtl.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A YAML mapping being read into a record: remembers its path for error messages and every key asked
 * for, so that {@link #rejectUnknownKeys()} can name the keys it did not expect.
 */
final class ConfigNode {
    private final String path;
    private final JsonNode node;
    private final Set<String> known = new LinkedHashSet<>();

    private ConfigNode(String path, JsonNode node) {
        this.path = path;
        this.node = node;
    }

    static ConfigNode root(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            throw new ConfigException("", "the file is empty; expected a mapping with features and tasks");
        }
        if (!node.isObject()) {
            throw new ConfigException("", "expected a mapping at the top level, found " + describe(node));
        }
        return new ConfigNode("", node);
    }

    String path() {
        return path;
    }

    String child(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** Every key present in the mapping, in document order. */
    List<String> keys() {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    boolean has(String key) {
        known.add(key);
        JsonNode value = node.get(key);
        return value != null && !value.isNull();
    }

    private JsonNode get(String key) {
        known.add(key);
        JsonNode value = node.get(key);
        return value == null || value.isNull() ? null : value;
    }

    private JsonNode require(String key, String expected) {
        JsonNode value = get(key);
        if (value == null) {
            throw new ConfigException(child(key), "missing; expected " + expected);
        }
        return value;
    }

    ConfigNode object(String key) {
        return asObject(child(key), require(key, "a mapping"));
    }

    /** Whether the key holds a mapping, for keys that take either a word or a mapping. */
    boolean isObject(String key) {
        JsonNode value = get(key);
        return value != null && value.isObject();
    }

    Optional<ConfigNode> optionalObject(String key) {
        JsonNode value = get(key);
        return value == null ? Optional.empty() : Optional.of(asObject(child(key), value));
    }

    List<ConfigNode> objects(String key) {
        JsonNode value = require(key, "a list of mappings");
        List<ConfigNode> out = new ArrayList<>();
        int i = 0;
        for (JsonNode element : asArray(child(key), value)) {
            out.add(asObject(child(key) + "[" + i++ + "]", element));
        }
        return out;
    }

    String string(String key) {
        return asString(child(key), require(key, "a string"));
    }

    String string(String key, String fallback) {
        JsonNode value = get(key);
        return value == null ? fallback : asString(child(key), value);
    }

    List<String> strings(String key) {
        JsonNode value = get(key);
        if (value == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        int i = 0;
        for (JsonNode element : asArray(child(key), value)) {
            out.add(asString(child(key) + "[" + i++ + "]", element));
        }
        return out;
    }

    /** One string or a list of strings ({@code positive: UP} or {@code positive: [UP, up]}); empty when absent. */
    List<String> stringOrStrings(String key) {
        JsonNode value = get(key);
        return value != null && value.isValueNode() ? List.of(asString(child(key), value)) : strings(key);
    }

    /** A list of lists of strings, e.g. graph edges {@code [[a, b], [b, c]]}; empty when absent. */
    List<List<String>> stringLists(String key) {
        JsonNode value = get(key);
        if (value == null) {
            return List.of();
        }
        List<List<String>> out = new ArrayList<>();
        int i = 0;
        for (JsonNode element : asArray(child(key), value)) {
            String elementPath = child(key) + "[" + i++ + "]";
            List<String> inner = new ArrayList<>();
            int j = 0;
            for (JsonNode item : asArray(elementPath, element)) {
                inner.add(asString(elementPath + "[" + j++ + "]", item));
            }
            out.add(inner);
        }
        return out;
    }

    Map<String, String> stringMap(String key) {
        JsonNode value = get(key);
        if (value == null) {
            return Map.of();
        }
        if (!value.isObject()) {
            throw new ConfigException(child(key), describe(value) + " is not a mapping; expected value: class pairs");
        }
        Map<String, String> out = new java.util.LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> entry = fields.next();
            out.put(entry.getKey().trim(), asString(child(key) + "." + entry.getKey(), entry.getValue()));
        }
        return out;
    }

    double number(String key, double fallback) {
        JsonNode value = get(key);
        return value == null ? fallback : asNumber(child(key), value);
    }

    Double optionalNumber(String key) {
        JsonNode value = get(key);
        return value == null ? null : asNumber(child(key), value);
    }

    long integer(String key, long fallback) {
        JsonNode value = get(key);
        return value == null ? fallback : asInteger(child(key), value);
    }

    List<Integer> integers(String key, List<Integer> fallback) {
        JsonNode value = get(key);
        if (value == null) {
            return fallback;
        }
        List<Integer> out = new ArrayList<>();
        int i = 0;
        for (JsonNode element : asArray(child(key), value)) {
            String elementPath = child(key) + "[" + i++ + "]";
            long v = asInteger(elementPath, element);
            if (v < 1 || v > 65_536) {
                throw new ConfigException(elementPath, v + " is out of range; expected a layer width from 1 to 65536");
            }
            out.add((int) v);
        }
        return out;
    }

    boolean bool(String key, boolean fallback) {
        JsonNode value = get(key);
        if (value == null) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw new ConfigException(child(key), describe(value) + " is not a boolean; expected true or false");
        }
        return value.booleanValue();
    }

    <E extends Enum<E>> E choice(String key, Class<E> type, E fallback) {
        JsonNode value = get(key);
        if (value == null) {
            if (fallback == null) {
                throw new ConfigException(child(key), "missing; expected one of " + choices(type));
            }
            return fallback;
        }
        String text = asString(child(key), value);
        for (E constant : type.getEnumConstants()) {
            if (constant.name().toLowerCase(Locale.ROOT).equals(text)) {
                return constant;
            }
        }
        throw new ConfigException(child(key), "'" + text + "' is not one of " + choices(type));
    }

    /** Fails on the first key that no reader asked for. */
    void rejectUnknownKeys() {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new ConfigException(child(name), "unknown key; expected one of " + String.join(", ", known));
            }
        }
    }

    /** Fails if a key is present that does not apply, e.g. {@code classes} on a regression task. */
    void rejectIfPresent(String key, String why) {
        if (node.has(key)) {
            throw new ConfigException(child(key), why);
        }
        known.add(key);
    }

    static <E extends Enum<E>> String choices(Class<E> type) {
        return java.util.Arrays.stream(type.getEnumConstants())
                .map(c -> c.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
    }

    private static ConfigNode asObject(String path, JsonNode value) {
        if (!value.isObject()) {
            throw new ConfigException(path, describe(value) + " is not a mapping; expected key: value pairs");
        }
        return new ConfigNode(path, value);
    }

    private static Iterable<JsonNode> asArray(String path, JsonNode value) {
        if (!value.isArray()) {
            throw new ConfigException(path, describe(value) + " is not a list");
        }
        return value;
    }

    private static String asString(String path, JsonNode value) {
        if (!value.isValueNode()) {
            throw new ConfigException(path, describe(value) + " is not a string");
        }
        return value.asText();
    }

    private static double asNumber(String path, JsonNode value) {
        if (value.isNumber()) {
            return value.doubleValue();
        }
        // YAML 1.1 reads 1e-8 (no dot) as text; accept any text that is a plain number.
        if (value.isTextual()) {
            try {
                return Double.parseDouble(value.textValue().trim());
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw new ConfigException(path, describe(value) + " is not a number");
    }

    private static long asInteger(String path, JsonNode value) {
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.longValue();
        }
        throw new ConfigException(path, describe(value) + " is not an integer");
    }

    static String describe(JsonNode value) {
        if (value.isObject()) {
            return "a mapping";
        }
        if (value.isArray()) {
            return "a list";
        }
        return "'" + value.asText() + "'";
    }
}
