package io.streammtl.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the keys of a spec about inputs: a feature's buckets, encoding and missing values; a task's own
 * {@code features} and {@code inputs_from}; the top-level {@code projection} and {@code coherence} sections.
 */
final class InputsLoader {
    /** Largest hash bucket count and embedding dimension accepted. */
    static final int MAX_BUCKETS = 1 << 20;
    static final int MAX_EMBEDDING = 1024;

    private final Map<String, List<String>> taskFeatures = new LinkedHashMap<>();
    private final Map<String, String> taskFeaturesPath = new HashMap<>();
    private final Map<String, TaskInputs.InputFrom> inputsFrom = new LinkedHashMap<>();
    private final Map<String, String> inputsFromPath = new HashMap<>();

    /** Reads the keys of a feature past name, column and type. */
    static FeatureConfig feature(ConfigNode node, String name, String column, FeatureType type) {
        List<String> vocabulary = node.strings("vocabulary");
        long hashBuckets = node.integer("hash_buckets", 0);
        MissingPolicy missing = missing(node, type);
        if (type == FeatureType.NUMERIC) {
            node.rejectIfPresent("vocabulary", "only categorical features have a vocabulary");
            node.rejectIfPresent("hash_buckets", "only categorical features are hashed");
            node.rejectIfPresent("encoding", "only categorical features have an encoding");
            node.rejectIfPresent("embedding_dim", "only categorical features are embedded");
            ValueRange range = node.optionalObject("range").map(InputsLoader::range).orElse(null);
            return new FeatureConfig(name, column, type, List.of(), 0, CategoricalEncoding.ONE_HOT, 0, missing, range);
        }
        node.rejectIfPresent("range", "only numeric features take a range");
        if (node.has("hash_buckets")) {
            if (hashBuckets < 1 || hashBuckets > MAX_BUCKETS) {
                throw new ConfigException(node.child("hash_buckets"), hashBuckets + " is out of range; expected 1 to "
                        + MAX_BUCKETS);
            }
            if (!vocabulary.isEmpty()) {
                throw new ConfigException(node.child("hash_buckets"),
                        "give either a vocabulary or hash_buckets, not both");
            }
        } else if (vocabulary.isEmpty()) {
            throw new ConfigException(node.child("vocabulary"),
                    "missing; a categorical feature needs a non-empty list of its values (or hash_buckets)");
        }
        Checks.distinct(node.child("vocabulary"), vocabulary);
        CategoricalEncoding encoding = node.choice("encoding", CategoricalEncoding.class, CategoricalEncoding.ONE_HOT);
        int dim = 0;
        if (encoding == CategoricalEncoding.EMBEDDING) {
            long d = node.integer("embedding_dim", 4);
            if (d < 1 || d > MAX_EMBEDDING) {
                throw new ConfigException(node.child("embedding_dim"), d + " is out of range; expected 1 to "
                        + MAX_EMBEDDING);
            }
            dim = (int) d;
        } else {
            node.rejectIfPresent("embedding_dim", "only an embedding encoding has a dimension");
        }
        return new FeatureConfig(name, column, type, vocabulary, (int) hashBuckets, encoding, dim, missing);
    }

    /** A {@code range} or {@code label_range}: {min, max}, either side optional, finite float bounds, min ≤ max. */
    static ValueRange range(ConfigNode node) {
        Double min = bound(node, "min");
        Double max = bound(node, "max");
        node.rejectUnknownKeys();
        if (min == null && max == null) {
            throw new ConfigException(node.path(), "empty; expected min, max or both");
        }
        if (min != null && max != null && min > max) {
            throw new ConfigException(node.child("max"), Checks.format(max) + " is below min " + Checks.format(min));
        }
        return new ValueRange(min, max);
    }

    private static Double bound(ConfigNode node, String key) {
        Double value = node.optionalNumber(key);
        if (value != null && !Double.isFinite(value)) {
            throw new ConfigException(node.child(key), value + " is not a finite number");
        }
        if (value != null && Math.abs(value) > Float.MAX_VALUE) {
            throw new ConfigException(node.child(key),
                    value + " is beyond float range (the model's values are floats)");
        }
        return value;
    }

    private static MissingPolicy missing(ConfigNode node, FeatureType type) {
        String policy = node.string("missing", "error");
        if (!policy.equals("error") && !policy.equals("impute")) {
            throw new ConfigException(node.child("missing"), "'" + policy + "' is not one of error, impute");
        }
        boolean impute = policy.equals("impute");
        Double value = node.optionalNumber("impute_value");
        if (value != null) {
            if (!impute) {
                throw new ConfigException(node.child("impute_value"), "only used with missing: impute");
            }
            if (type != FeatureType.NUMERIC) {
                throw new ConfigException(node.child("impute_value"),
                        "only numeric features take a value; a missing category has its own bucket");
            }
            if (!Double.isFinite(value) || Math.abs(value) > Float.MAX_VALUE) {
                throw new ConfigException(node.child("impute_value"), value + " is not a finite number");
            }
        }
        return impute ? MissingPolicy.impute(value) : MissingPolicy.error();
    }

    /** Reads a task's {@code features} and {@code inputs_from}; they are checked against the rest in {@link #finish}. */
    void task(ConfigNode node, String task) {
        if (node.has("features")) {
            List<String> names = node.strings("features");
            if (names.isEmpty()) {
                throw new ConfigException(node.child("features"), "empty; leave it out to use every feature");
            }
            Checks.distinct(node.child("features"), names);
            taskFeatures.put(task, names);
            taskFeaturesPath.put(task, node.child("features"));
        }
        node.optionalObject("inputs_from").ifPresent(link -> {
            String source = link.string("task");
            boolean gradient = link.bool("gradient", false);
            link.rejectUnknownKeys();
            inputsFrom.put(task, new TaskInputs.InputFrom(source, gradient));
            inputsFromPath.put(task, link.child("task"));
        });
    }

    /** Checks the task-level keys against the features and tasks, reads projection and coherence. */
    TaskInputs finish(ConfigNode root, List<FeatureConfig> features, List<TaskConfig> tasks, TrunkConfig trunk) {
        Set<String> featureNames = new HashSet<>();
        features.forEach(f -> featureNames.add(f.name()));
        for (Map.Entry<String, List<String>> entry : taskFeatures.entrySet()) {
            List<String> names = entry.getValue();
            for (int i = 0; i < names.size(); i++) {
                if (!featureNames.contains(names.get(i))) {
                    throw new ConfigException(taskFeaturesPath.get(entry.getKey()) + "[" + i + "]", "'" + names.get(i)
                            + "' is not a declared feature");
                }
            }
        }
        Map<String, TaskConfig> byName = new HashMap<>();
        tasks.forEach(t -> byName.put(t.name(), t));
        for (Map.Entry<String, TaskInputs.InputFrom> entry : inputsFrom.entrySet()) {
            String source = entry.getValue().task();
            String path = inputsFromPath.get(entry.getKey());
            if (!byName.containsKey(source)) {
                throw new ConfigException(path, "'" + source + "' is not a task of this model");
            }
            if (source.equals(entry.getKey())) {
                throw new ConfigException(path, "'" + source + "' is the task itself");
            }
        }
        for (String start : inputsFrom.keySet()) {
            List<String> chain = new ArrayList<>(List.of(start));
            String at = start;
            while (inputsFrom.containsKey(at)) {
                at = inputsFrom.get(at).task();
                if (chain.contains(at)) {
                    chain.add(at);
                    throw new ConfigException(inputsFromPath.get(start), "'" + inputsFrom.get(start).task()
                            + "' closes a cycle of inputs: " + String.join(" ← ", chain));
                }
                chain.add(at);
            }
        }
        int projectionWidth = 0;
        var projection = root.optionalObject("projection");
        if (projection.isPresent()) {
            if (taskFeatures.isEmpty()) {
                throw new ConfigException(projection.get().path(),
                        "only used when a task declares its own features (tasks[i].features)");
            }
            long width = projection.get().integer("width", 0);
            Checks.range(projection.get().child("width"), width, 1, TaskInputs.MAX_PROJECTION_WIDTH);
            projection.get().rejectUnknownKeys();
            projectionWidth = (int) width;
        } else if (!taskFeatures.isEmpty()) {
            projectionWidth = trunk.layers().isEmpty() ? 16 : trunk.layers().get(0);
        }
        List<TaskInputs.CoherenceConfig> coherence = new ArrayList<>();
        if (root.has("coherence")) {
            for (ConfigNode node : root.objects("coherence")) {
                coherence.add(coherence(node, byName));
            }
        }
        return new TaskInputs(taskFeatures, inputsFrom, coherence, projectionWidth);
    }

    private static TaskInputs.CoherenceConfig coherence(ConfigNode node, Map<String, TaskConfig> byName) {
        List<String> pair = node.strings("tasks");
        if (pair.size() != 2) {
            throw new ConfigException(node.child("tasks"), "has " + pair.size()
                    + " tasks; expected two: a binary task and a regression task");
        }
        String binary = null;
        String regression = null;
        for (int i = 0; i < 2; i++) {
            TaskConfig task = byName.get(pair.get(i));
            if (task == null) {
                throw new ConfigException(node.child("tasks") + "[" + i + "]", "'" + pair.get(i)
                        + "' is not a task of this model");
            }
            if (task.kind() == TaskKind.BINARY && binary == null) {
                binary = task.name();
            } else if (task.kind() == TaskKind.REGRESSION && regression == null) {
                regression = task.name();
            }
        }
        if (binary == null || regression == null) {
            throw new ConfigException(node.child("tasks"), pair + " is not one binary and one regression task");
        }
        Double threshold = node.optionalNumber("threshold");
        if (threshold == null) {
            throw new ConfigException(node.child("threshold"),
                    "missing; expected the regression value from which the binary task is 1");
        }
        double temperature = node.number("temperature", 0.5);
        double weight = node.number("weight", 1.0);
        node.rejectUnknownKeys();
        try {
            return new TaskInputs.CoherenceConfig(binary, regression, threshold, temperature, weight);
        } catch (ConfigException e) {
            throw e.under(node.path());
        }
    }
}
