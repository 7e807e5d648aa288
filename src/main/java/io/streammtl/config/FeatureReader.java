package io.streammtl.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads the {@code features} list: names, columns and types; each feature's encoding is read by {@link InputsLoader}. */
final class FeatureReader {
    private FeatureReader() {
    }

    static List<FeatureConfig> features(ConfigNode root) {
        List<ConfigNode> nodes = root.objects("features");
        if (nodes.isEmpty()) {
            throw new ConfigException(root.child("features"), "empty; expected at least one feature");
        }
        List<FeatureConfig> out = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (ConfigNode node : nodes) {
            String name = node.string("name");
            Checks.name(node.child("name"), name);
            checkUnique(seen, name, node);
            String column = node.string("column", name);
            FeatureType type = node.choice("type", FeatureType.class, FeatureType.NUMERIC);
            FeatureConfig feature;
            try {
                feature = InputsLoader.feature(node, name, column, type);
            } catch (ConfigException e) {
                throw e.path().startsWith(node.path()) ? e : e.under(node.path());
            }
            node.rejectUnknownKeys();
            out.add(feature);
        }
        return out;
    }

    /** Names are checked while reading, so that later sections can look entries up by name. */
    static void checkUnique(Map<String, String> seen, String name, ConfigNode node) {
        String previous = seen.putIfAbsent(name, node.path());
        if (previous != null) {
            throw new ConfigException(node.child("name"), "'" + name + "' is already used by " + previous);
        }
    }
}
