package io.streammtl.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * One {@code KEY=VALUE} change to a spec before it is validated, as {@code evaluate --compare} makes them: a dotted
 * path ({@code optimizer.lr}, {@code seed}, {@code tasks.red.lr_scale}: list entries by their name) set to a YAML
 * scalar; {@code weighting=KIND} (the spec's weighting block if it is of that kind, else just that kind) and
 * {@code regularizer=NAME[+NAME…]|none} (keeps only those entries of the spec's regularizers).
 */
public record ConfigOverride(String key, String value) {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** Parses {@code KEY=VALUE}; the caller reports a ConfigException with the text. */
    public static ConfigOverride parse(String text) {
        int eq = text.indexOf('=');
        if (eq <= 0) {
            throw new ConfigException(text, "expected KEY=VALUE");
        }
        return new ConfigOverride(text.substring(0, eq).trim(), text.substring(eq + 1).trim());
    }

    /** Applies this change to a parsed spec tree (a mapping), in place. */
    void apply(ObjectNode root) {
        switch (key) {
            case "weighting" -> weighting(root);
            case "regularizer", "regularizers" -> regularizers(root);
            default -> set(root);
        }
    }

    private void weighting(ObjectNode root) {
        JsonNode block = root.get("weighting");
        String kind = block != null && block.has("kind") ? block.get("kind").asText() : "static";
        if (!kind.equals(value)) {
            root.putObject("weighting").put("kind", value);
        }
    }

    private void regularizers(ObjectNode root) {
        JsonNode block = root.get("regularizers");
        ObjectNode kept = YAML.createObjectNode();
        if (!value.equals("none")) {
            for (String name : value.split("\\+")) {
                JsonNode entry = block == null ? null : block.get(name);
                if (entry == null) {
                    throw new ConfigException("regularizers." + name, "'" + name + "' is not configured in the spec's "
                            + "regularizers, so there is nothing to compare (set its strength there)");
                }
                kept.set(name, entry);
            }
        }
        root.set("regularizers", kept);
    }

    private void set(ObjectNode root) {
        String[] parts = key.split("\\.");
        JsonNode node = root;
        List<String> walked = new ArrayList<>();
        for (int i = 0; i < parts.length - 1; i++) {
            String part = parts[i];
            JsonNode next = child(node, part);
            if (next == null) {
                if (!(node instanceof ObjectNode object)) {
                    throw new ConfigException(key, "no entry named '" + part + "' under '" + String.join(".", walked)
                            + "'");
                }
                next = object.putObject(part);
            }
            walked.add(part);
            node = next;
        }
        if (!(node instanceof ObjectNode target)) {
            throw new ConfigException(key, "'" + String.join(".", walked) + "' is not a mapping");
        }
        JsonNode parsed;
        try {
            parsed = YAML.readTree(value.isEmpty() ? "''" : value);
        } catch (java.io.IOException e) {
            throw new ConfigException(key, "'" + value + "' is not a YAML value");
        }
        target.set(parts[parts.length - 1], parsed == null ? YAML.nullNode() : parsed);
    }

    /** A mapping's entry, or the element of a list whose {@code name} is {@code part}. */
    private static JsonNode child(JsonNode node, String part) {
        if (node instanceof ArrayNode list) {
            for (JsonNode element : list) {
                if (element.has("name") && element.get("name").asText().equals(part)) {
                    return element;
                }
            }
            return null;
        }
        JsonNode next = node.get(part);
        return next == null || next.isNull() ? null : next;
    }
}
