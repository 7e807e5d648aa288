package io.streammtl.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads a YAML model spec into a validated {@link ModelConfig}; every error names the path and the value. */
public final class ModelConfigLoader {
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,63}");

    /** Prefix of specs bundled in the jar, e.g. {@code classpath:config/wine.yaml}. */
    public static final String CLASSPATH = "classpath:";

    private ModelConfigLoader() {
    }

    /**
     * Loads and validates a spec file; I/O and syntax errors come back as {@link ConfigException} too, and
     * callers prefix the file name.
     */
    public static ServiceConfig load(Path file) {
        String text;
        String name = file.toString();
        if (name.startsWith(CLASSPATH)) {
            try (var in = ModelConfigLoader.class.getClassLoader().getResourceAsStream(name.substring(CLASSPATH.length()))) {
                if (in == null) {
                    throw new ConfigException("", "no such spec inside the jar");
                }
                return parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new ConfigException("", "cannot read the spec (" + e.getMessage() + ")");
            }
        }
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("", "file not found");
        } catch (IOException e) {
            throw new ConfigException("", "cannot read the file (" + e.getMessage() + ")");
        }
        return parse(text);
    }

    /** Loads a spec file (or a {@code classpath:} spec), applies the changes in order, then validates the result. */
    public static ServiceConfig load(Path file, List<ConfigOverride> overrides) {
        if (overrides.isEmpty()) {
            return load(file);
        }
        String name = file.toString();
        if (name.startsWith(CLASSPATH)) {
            try (var in = ModelConfigLoader.class.getClassLoader()
                    .getResourceAsStream(name.substring(CLASSPATH.length()))) {
                if (in == null) {
                    throw new ConfigException("", "no such spec inside the jar");
                }
                return parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), overrides);
            } catch (IOException e) {
                throw new ConfigException("", "cannot read the spec (" + e.getMessage() + ")");
            }
        }
        try {
            return parse(Files.readString(file), overrides);
        } catch (NoSuchFileException e) {
            throw new ConfigException("", "file not found");
        } catch (IOException e) {
            throw new ConfigException("", "cannot read the file (" + e.getMessage() + ")");
        }
    }

    /** Parses spec text, applies the changes in order, then validates the result. */
    public static ServiceConfig parse(String yaml, List<ConfigOverride> overrides) {
        JsonNode tree = tree(yaml);
        if (tree instanceof com.fasterxml.jackson.databind.node.ObjectNode root) {
            for (ConfigOverride override : overrides) {
                override.apply(root);
            }
        }
        return read(ConfigNode.root(tree));
    }

    private static JsonNode tree(String yaml) {
        ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        try {
            return mapper.readTree(yaml);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + " column " + e.getLocation().getColumnNr();
            throw new ConfigException("", "not valid YAML" + where + ": " + e.getOriginalMessage());
        }
    }

    /** Parses and validates spec text. */
    public static ServiceConfig parse(String yaml) {
        ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        JsonNode tree;
        try {
            tree = mapper.readTree(yaml);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + " column " + e.getLocation().getColumnNr();
            throw new ConfigException("", "not valid YAML" + where + ": " + e.getOriginalMessage());
        }
        return read(ConfigNode.root(tree));
    }

    private static ServiceConfig read(ConfigNode root) {
        String name = root.string("name", "model");
        checkName(root.child("name"), name);
        long seed = root.integer("seed", 42);
        List<FeatureConfig> features = features(root);
        InputsLoader inputs = new InputsLoader();
        List<TaskConfig> tasks = tasks(root, inputs);
        TrunkConfig trunk = root.optionalObject("trunk").map(ModelConfigLoader::trunk)
                .orElse(new TrunkConfig(List.of(64, 64), Activation.RELU));
        HeadConfig heads = root.optionalObject("heads").map(ModelConfigLoader::heads)
                .orElse(new HeadConfig(List.of(), Activation.RELU));
        OptimizerConfig optimizer = root.optionalObject("optimizer").map(ModelConfigLoader::optimizer)
                .orElse(defaultOptimizer(OptimizerKind.ADAM));
        TrainingConfig training = root.optionalObject("training").map(ModelConfigLoader::training)
                .orElse(new TrainingConfig(32, 0));
        PreprocessingConfig preprocessing = root.optionalObject("preprocessing")
                .map(ModelConfigLoader::preprocessing).orElse(new PreprocessingConfig(true, true));
        ConfigNode metricsNode = root.optionalObject("metrics").orElse(null);
        MetricsConfig metrics = metricsNode == null ? new MetricsConfig(MetricsConfig.DEFAULT_WINDOW)
                : metrics(metricsNode);
        EndpointConfig endpoint = metricsNode == null ? new EndpointConfig(EndpointConfig.DEFAULT_PORT)
                : endpoint(metricsNode);
        CsvConfig csv = root.optionalObject("csv").map(ModelConfigLoader::csv).orElse(new CsvConfig(null, '"'));
        KafkaConfig kafka = root.optionalObject("kafka").map(k -> kafka(k, name))
                .orElse(KafkaConfig.defaults(name));
        TaskInputs taskInputs = inputs.finish(root, features, tasks, trunk);
        WeightingConfig weighting = root.optionalObject("weighting").map(w -> WeightingReader.weighting(w, trunk))
                .orElse(WeightingConfig.staticWeights());
        RegularizerConfig regularizers = root.optionalObject("regularizers")
                .map(r -> WeightingReader.regularizers(r, tasks)).orElse(RegularizerConfig.none());
        root.rejectUnknownKeys();
        if (metricsNode != null) {
            metricsNode.rejectUnknownKeys();
        }
        ModelConfig model = new ModelConfig(name, seed, features, tasks, trunk, heads, optimizer, training,
                preprocessing, metrics, taskInputs, weighting, regularizers);
        return new ServiceConfig(model, kafka, csv, endpoint);
    }

    private static List<FeatureConfig> features(ConfigNode root) {
        List<ConfigNode> nodes = root.objects("features");
        if (nodes.isEmpty()) {
            throw new ConfigException(root.child("features"), "empty; expected at least one feature");
        }
        List<FeatureConfig> out = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (ConfigNode node : nodes) {
            String name = node.string("name");
            checkName(node.child("name"), name);
            checkUnique(seen, name, node);
            String column = node.string("column", name);
            FeatureType type = node.choice("type", FeatureType.class, FeatureType.NUMERIC);
            FeatureConfig feature = InputsLoader.feature(node, name, column, type);
            node.rejectUnknownKeys();
            out.add(feature);
        }
        return out;
    }

    private static List<TaskConfig> tasks(ConfigNode root, InputsLoader inputs) {
        List<ConfigNode> nodes = root.objects("tasks");
        if (nodes.isEmpty()) {
            throw new ConfigException(root.child("tasks"), "empty; expected at least one task");
        }
        List<TaskConfig> out = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (ConfigNode node : nodes) {
            out.add(task(node, seen, inputs));
        }
        return out;
    }

    private static TaskConfig task(ConfigNode node, Map<String, String> seen, InputsLoader inputs) {
        String name = node.string("name");
        checkName(node.child("name"), name);
        checkUnique(seen, name, node);
        TaskKind kind = node.choice("kind", TaskKind.class, null);
        List<String> classes = kind == TaskKind.MULTICLASS ? node.strings("classes") : List.of();
        if (kind == TaskKind.MULTICLASS) {
            if (classes.size() < 2) {
                throw new ConfigException(node.child("classes"),
                        classes.isEmpty() ? "missing; a multiclass task needs a list of at least two class names"
                                : "has " + classes.size() + " class; expected at least two");
            }
            checkDistinct(node.child("classes"), classes);
        } else {
            node.rejectIfPresent("classes", "only multiclass tasks have classes");
        }
        LossKind loss = node.choice("loss", LossKind.class, LossKind.defaultFor(kind));
        if (!LossKind.allowedFor(kind).contains(loss)) {
            throw new ConfigException(node.child("loss"), "'" + loss.name().toLowerCase() + "' does not apply to a "
                    + kind.name().toLowerCase() + " task; expected one of "
                    + LossKind.allowedFor(kind).stream().map(l -> l.name().toLowerCase()).toList());
        }
        double huberDelta = 1.0;
        if (loss == LossKind.HUBER) {
            huberDelta = node.number("huber_delta", 1.0);
            checkPositive(node.child("huber_delta"), huberDelta);
        } else {
            node.rejectIfPresent("huber_delta", "only the huber loss has a delta");
        }
        double weight = node.number("weight", 1.0);
        if (!(weight >= 0) || Double.isInfinite(weight)) {
            throw new ConfigException(node.child("weight"), format(weight) + " is not a finite weight ≥ 0");
        }
        LabelSource label = node.optionalObject("label").map(l -> label(l, kind, classes))
                .orElse(new LabelSource.Column(name));
        DriftConfig drift = node.optionalObject("drift").map(d -> drift(d, kind)).orElse(DriftConfig.none());
        inputs.task(node, name);
        QualityFloor floor = node.optionalObject("quality_floor").map(f -> qualityFloor(f, kind)).orElse(null);
        double lrScale = node.number("lr_scale", 1.0);
        checkPositive(node.child("lr_scale"), lrScale);
        double trunkScale = node.number("trunk_scale", 1.0);
        checkFraction(node.child("trunk_scale"), trunkScale, false);
        if (kind != TaskKind.REGRESSION) {
            node.rejectIfPresent("label_range", "only regression tasks take a label_range (binary labels are 0 or 1,"
                    + " class labels are names)");
        }
        ValueRange labelRange = node.optionalObject("label_range").map(InputsLoader::range).orElse(null);
        node.rejectUnknownKeys();
        return new TaskConfig(name, kind, classes, loss, huberDelta, weight, label, drift, floor, lrScale, trunkScale,
                labelRange);
    }

    private static LabelSource label(ConfigNode node, TaskKind kind, List<String> classes) {
        String column = node.string("column");
        Double threshold = null;
        if (kind == TaskKind.BINARY) {
            threshold = node.optionalNumber("threshold");
            if (threshold != null && !Double.isFinite(threshold)) {
                throw new ConfigException(node.child("threshold"), format(threshold) + " is not a finite number");
            }
        } else {
            node.rejectIfPresent("threshold", "only binary tasks take a threshold (label 1 when value ≥ threshold)");
        }
        Map<String, String> map = Map.of();
        if (kind == TaskKind.MULTICLASS) {
            map = node.stringMap("map");
            Set<String> known = new HashSet<>(classes);
            for (Map.Entry<String, String> entry : map.entrySet()) {
                if (!known.contains(entry.getValue())) {
                    throw new ConfigException(node.child("map") + "." + entry.getKey(), "'" + entry.getValue()
                            + "' is not one of the task's classes " + String.join(", ", classes));
                }
            }
        } else {
            node.rejectIfPresent("map", "only multiclass tasks map values to classes");
        }
        node.rejectUnknownKeys();
        if (threshold != null) {
            return new LabelSource.Threshold(column, threshold);
        }
        if (!map.isEmpty()) {
            return new LabelSource.ValueMap(column, map);
        }
        return new LabelSource.Column(column);
    }

    /** Windowed metrics where higher is better, so that a floor means something, by task kind. */
    private static List<String> floorMetrics(TaskKind kind) {
        return switch (kind) {
            case REGRESSION -> List.of("r2");
            case BINARY -> List.of("accuracy", "auc");
            case MULTICLASS -> List.of("accuracy", "macro_f1");
        };
    }

    private static QualityFloor qualityFloor(ConfigNode node, TaskKind kind) {
        String metric = node.string("metric");
        List<String> allowed = floorMetrics(kind);
        if (!allowed.contains(metric)) {
            throw new ConfigException(node.child("metric"), "'" + metric + "' is not a higher-is-better metric of a "
                    + kind.name().toLowerCase() + " task; expected one of " + allowed);
        }
        Double min = node.optionalNumber("min");
        if (min == null) {
            throw new ConfigException(node.child("min"), "missing; expected the lowest acceptable windowed value");
        }
        if (!Double.isFinite(min)) {
            throw new ConfigException(node.child("min"), format(min) + " is not a finite number");
        }
        node.rejectUnknownKeys();
        return new QualityFloor(metric, min);
    }

    /** Detectors fed 0/1 errors only; a regression task's loss is unbounded. */
    private static final Set<String> ERROR_RATE_DETECTORS = Set.of("ddm", "eddm", "hddm_a");
    private static final List<String> DETECTORS = List.of("none", "adwin", "page_hinkley", "ddm", "eddm", "hddm_a");
    private static final Set<String> RESPONSE_KEYS = Set.of("detector", "response", "boost_factor", "boost_steps",
            "snapshot_every_steps");

    private static DriftConfig drift(ConfigNode node, TaskKind kind) {
        String detector = node.string("detector", kind == TaskKind.REGRESSION ? "page_hinkley" : "adwin");
        if (!DETECTORS.contains(detector)) {
            throw new ConfigException(node.child("detector"), "'" + detector + "' is not one of "
                    + String.join(", ", DETECTORS));
        }
        if (kind == TaskKind.REGRESSION && ERROR_RATE_DETECTORS.contains(detector)) {
            throw new ConfigException(node.child("detector"), "'" + detector
                    + "' watches a 0/1 error rate; a regression task needs adwin or page_hinkley");
        }
        DriftResponse response = node.choice("response", DriftResponse.class, DriftResponse.NONE);
        double boostFactor = node.number("boost_factor", 10);
        checkPositive(node.child("boost_factor"), boostFactor);
        long boostSteps = steps(node, "boost_steps", 100);
        long snapshotSteps = steps(node, "snapshot_every_steps", 50);
        Map<String, Double> parameters = new java.util.LinkedHashMap<>();
        for (String key : node.keys()) {
            if (!RESPONSE_KEYS.contains(key)) {
                parameters.put(key, node.number(key, 0));
            }
        }
        DriftConfig config = new DriftConfig(detector, parameters, response, boostFactor, (int) boostSteps,
                (int) snapshotSteps);
        // Parameter names and ranges belong to the detectors: learn.DriftSpecCheck checks them at start-up.
        if (!config.enabled() && (!parameters.isEmpty() || response != DriftResponse.NONE)) {
            throw new ConfigException(node.child("detector"), "'none' takes no parameters and no response");
        }
        node.rejectUnknownKeys();
        return config;
    }

    private static long steps(ConfigNode node, String key, long fallback) {
        long value = node.integer(key, fallback);
        if (value < 1 || value > 1_000_000) {
            throw new ConfigException(node.child(key), value + " is out of range; expected 1 to 1000000");
        }
        return value;
    }

    private static TrunkConfig trunk(ConfigNode node) {
        List<Integer> layers = node.integers("layers", List.of(64, 64));
        Activation activation = node.choice("activation", Activation.class, Activation.RELU);
        node.rejectUnknownKeys();
        return new TrunkConfig(layers, activation);
    }

    private static HeadConfig heads(ConfigNode node) {
        List<Integer> hidden = node.integers("hidden", List.of());
        Activation activation = node.choice("activation", Activation.class, Activation.RELU);
        node.rejectUnknownKeys();
        return new HeadConfig(hidden, activation);
    }

    static OptimizerConfig defaultOptimizer(OptimizerKind kind) {
        return switch (kind) {
            case SGD -> new OptimizerConfig(kind, 0.01, 0, false, 0.9, 0.999, 1e-8, 0);
            case ADAM -> new OptimizerConfig(kind, 0.001, 0, false, 0.9, 0.999, 1e-8, 0);
            case ADAMW -> new OptimizerConfig(kind, 0.001, 0, false, 0.9, 0.999, 1e-8, 0.01);
        };
    }

    private static OptimizerConfig optimizer(ConfigNode node) {
        OptimizerKind kind = node.choice("kind", OptimizerKind.class, OptimizerKind.ADAM);
        OptimizerConfig d = defaultOptimizer(kind);
        double lr = node.number("lr", d.learningRate());
        checkPositive(node.child("lr"), lr);
        double weightDecay = node.number("weight_decay", d.weightDecay());
        checkFraction(node.child("weight_decay"), weightDecay, false);
        double momentum = d.momentum();
        boolean nesterov = false;
        double beta1 = d.beta1();
        double beta2 = d.beta2();
        double epsilon = d.epsilon();
        String kindName = kind.name().toLowerCase();
        if (kind == OptimizerKind.SGD) {
            momentum = node.number("momentum", 0);
            checkFraction(node.child("momentum"), momentum, true);
            nesterov = node.bool("nesterov", false);
            if (nesterov && momentum == 0) {
                throw new ConfigException(node.child("nesterov"), "true needs a momentum above 0");
            }
            for (String key : List.of("beta1", "beta2", "epsilon")) {
                node.rejectIfPresent(key, "not used by sgd (only by adam and adamw)");
            }
        } else {
            beta1 = node.number("beta1", beta1);
            checkFraction(node.child("beta1"), beta1, true);
            beta2 = node.number("beta2", beta2);
            checkFraction(node.child("beta2"), beta2, true);
            epsilon = node.number("epsilon", epsilon);
            checkPositive(node.child("epsilon"), epsilon);
            for (String key : List.of("momentum", "nesterov")) {
                node.rejectIfPresent(key, "not used by " + kindName + " (only by sgd)");
            }
        }
        node.rejectUnknownKeys();
        return new OptimizerConfig(kind, lr, momentum, nesterov, beta1, beta2, epsilon, weightDecay);
    }

    private static TrainingConfig training(ConfigNode node) {
        long batch = node.integer("batch_size", 32);
        if (batch < 1 || batch > TrainingConfig.MAX_BATCH) {
            throw new ConfigException(node.child("batch_size"),
                    batch + " is out of range; expected 1 to " + TrainingConfig.MAX_BATCH);
        }
        double clip = node.number("clip_norm", 0);
        if (!(clip >= 0) || Double.isInfinite(clip)) {
            throw new ConfigException(node.child("clip_norm"), format(clip) + " is not a finite number ≥ 0 (0 = off)");
        }
        node.rejectUnknownKeys();
        return new TrainingConfig((int) batch, clip);
    }

    private static PreprocessingConfig preprocessing(ConfigNode node) {
        PreprocessingConfig config = new PreprocessingConfig(node.bool("standardize_features", true),
                node.bool("standardize_targets", true), outlierGuard(node));
        node.rejectUnknownKeys();
        return config;
    }

    /** {@code outlier_guard}: absent or {@code on} (the defaults), {@code off}, or {deviations, min_count}. */
    private static OutlierGuardConfig outlierGuard(ConfigNode parent) {
        if (parent.isObject("outlier_guard")) {
            ConfigNode node = parent.object("outlier_guard");
            double deviations = node.number("deviations", OutlierGuardConfig.DEFAULT_DEVIATIONS);
            checkPositive(node.child("deviations"), deviations);
            long minCount = node.integer("min_count", OutlierGuardConfig.DEFAULT_MIN_COUNT);
            if (minCount < 2) {
                throw new ConfigException(node.child("min_count"), minCount
                        + " is out of range; expected 2 or more (a deviation needs two values)");
            }
            node.rejectUnknownKeys();
            return new OutlierGuardConfig(true, deviations, minCount);
        }
        // YAML 1.1 readers may hand an unquoted off/on over as a boolean.
        String text = parent.string("outlier_guard", "on");
        return switch (text) {
            case "on", "true" -> OutlierGuardConfig.defaults();
            case "off", "false" -> OutlierGuardConfig.off();
            default -> throw new ConfigException(parent.child("outlier_guard"), "'" + text
                    + "' is not on, off or a mapping {deviations: 50, min_count: 100}");
        };
    }

    private static MetricsConfig metrics(ConfigNode node) {
        long window = node.integer("window", MetricsConfig.DEFAULT_WINDOW);
        if (window < 1 || window > 10_000_000) {
            throw new ConfigException(node.child("window"), window + " is out of range; expected 1 to 10000000");
        }
        return new MetricsConfig((int) window);
    }

    private static EndpointConfig endpoint(ConfigNode node) {
        long port = node.integer("port", EndpointConfig.DEFAULT_PORT);
        if (port < 0 || port > 65_535) {
            throw new ConfigException(node.child("port"), port + " is out of range; expected 0 (no endpoint) to 65535");
        }
        return new EndpointConfig((int) port);
    }

    private static CsvConfig csv(ConfigNode node) {
        String delimiter = node.string("delimiter", "auto");
        Character d = switch (delimiter) {
            case "auto" -> null;
            case "\\t", "tab" -> '\t';
            default -> {
                if (delimiter.length() != 1) {
                    throw new ConfigException(node.child("delimiter"),
                            "'" + delimiter + "' is not one character; expected auto, tab or a single character");
                }
                yield delimiter.charAt(0);
            }
        };
        String quote = node.string("quote", "\"");
        if (quote.length() != 1) {
            throw new ConfigException(node.child("quote"), "'" + quote + "' is not one character");
        }
        node.rejectUnknownKeys();
        return new CsvConfig(d, quote.charAt(0));
    }

    private static KafkaConfig kafka(ConfigNode node, String modelName) {
        KafkaConfig d = KafkaConfig.defaults(modelName);
        String applicationId = node.string("application_id", d.applicationId());
        checkTopic(node.child("application_id"), applicationId);
        List<String> inputs = node.has("input_topics") ? node.strings("input_topics") : d.inputTopics();
        String pattern = node.string("input_pattern", null);
        if (pattern != null) {
            if (node.has("input_topics")) {
                throw new ConfigException(node.child("input_pattern"),
                        "give either input_topics or input_pattern, not both");
            }
            try {
                java.util.regex.Pattern.compile(pattern);
            } catch (java.util.regex.PatternSyntaxException e) {
                throw new ConfigException(node.child("input_pattern"), "'" + pattern + "' is not a regular expression: "
                        + e.getDescription());
            }
            inputs = List.of();
        } else if (inputs.isEmpty()) {
            throw new ConfigException(node.child("input_topics"), "empty; expected at least one topic");
        }
        for (int i = 0; i < inputs.size(); i++) {
            checkTopic(node.child("input_topics") + "[" + i + "]", inputs.get(i));
        }
        boolean keyed = node.bool("keyed_by_model", d.keyedByModel());
        String predictions = topic(node, "predictions_topic", d.predictionsTopic());
        String snapshots = topic(node, "snapshots_topic", d.snapshotsTopic());
        String deadLetters = topic(node, "dead_letter_topic", d.deadLetterTopic());
        String driftTopic = topic(node, "drift_topic", d.driftTopic());
        long partitions = node.integer("partitions", d.partitions());
        if (partitions < 1 || partitions > 10_000) {
            throw new ConfigException(node.child("partitions"), partitions + " is out of range; expected 1 to 10000");
        }
        long replication = node.integer("replication_factor", d.replicationFactor());
        if (replication < 1 || replication > 32) {
            throw new ConfigException(node.child("replication_factor"), replication + " is out of range; expected 1 to 32");
        }
        boolean create = node.bool("create_topics", d.createTopics());
        String store = node.string("state_store", d.stateStore());
        checkTopic(node.child("state_store"), store);
        long everySteps = nonNegative(node, "snapshot_every_steps", d.snapshotEverySteps());
        long everySeconds = nonNegative(node, "snapshot_every_seconds", d.snapshotEverySeconds());
        long flush = nonNegative(node, "prediction_flush_ms", d.predictionFlushMillis());
        long status = nonNegative(node, "status_every_seconds", d.statusEverySeconds());
        Map<String, String> streams = node.stringMap("streams");
        ModelKeys keys = modelKeys(node);
        long maxRecord = node.integer("max_record_bytes", d.maxRecordBytes());
        if (maxRecord < KafkaConfig.MIN_RECORD_BYTES || maxRecord > Integer.MAX_VALUE) {
            throw new ConfigException(node.child("max_record_bytes"), maxRecord + " is out of range; expected "
                    + KafkaConfig.MIN_RECORD_BYTES + " to " + Integer.MAX_VALUE
                    + " (keep it at or below the producer's max.request.size and the topics' max.message.bytes)");
        }
        long maxId = node.integer("max_id_bytes", d.maxIdBytes());
        if (maxId < 1 || maxId > maxRecord / 4) {
            throw new ConfigException(node.child("max_id_bytes"), maxId + " is out of range; expected 1 to "
                    + maxRecord / 4 + " (a quarter of max_record_bytes)");
        }
        node.rejectUnknownKeys();
        return new KafkaConfig(applicationId, inputs, pattern, keyed, predictions, snapshots, deadLetters, driftTopic,
                (int) partitions, (short) replication, create, store, everySteps, everySeconds, flush, status, streams,
                keys, (int) maxId, (int) maxRecord);
    }

    /** {@code models} (a list), {@code model_pattern} and {@code max_models}; by default only the key "default". */
    private static ModelKeys modelKeys(ConfigNode node) {
        List<String> allowed = node.has("models") ? node.strings("models")
                : node.has("model_pattern") ? List.of() : ModelKeys.defaults().allowed();
        for (int i = 0; i < allowed.size(); i++) {
            if (allowed.get(i).isEmpty()) {
                throw new ConfigException(node.child("models") + "[" + i + "]", "'' is not a model key");
            }
        }
        String pattern = node.string("model_pattern", null);
        if (pattern != null) {
            try {
                Pattern.compile(pattern);
            } catch (java.util.regex.PatternSyntaxException e) {
                throw new ConfigException(node.child("model_pattern"), "'" + pattern
                        + "' is not a regular expression: " + e.getDescription());
            }
        } else if (allowed.isEmpty()) {
            throw new ConfigException(node.child("models"), "empty; expected at least one model key, or a model_pattern");
        } else if (node.has("max_models")) {
            throw new ConfigException(node.child("max_models"),
                    "applies only with model_pattern; the models list already bounds the keys");
        }
        long max = node.integer("max_models", pattern == null ? allowed.size() : Math.max(100, allowed.size()));
        if (max < Math.max(1, allowed.size()) || max > 100_000) {
            throw new ConfigException(node.child("max_models"), max + " is out of range; expected "
                    + Math.max(1, allowed.size()) + " (the keys listed in models) to 100000");
        }
        return new ModelKeys(allowed, pattern, (int) max);
    }

    private static long nonNegative(ConfigNode node, String key, long fallback) {
        long value = node.integer(key, fallback);
        if (value < 0) {
            throw new ConfigException(node.child(key), value + " is negative; expected 0 (off) or more");
        }
        return value;
    }

    private static String topic(ConfigNode node, String key, String fallback) {
        String topic = node.string(key, fallback);
        checkTopic(node.child(key), topic);
        return topic;
    }

    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,200}");

    private static void checkTopic(String path, String topic) {
        if (!TOPIC.matcher(topic).matches()) {
            throw new ConfigException(path, "'" + topic
                    + "' is not a valid Kafka name; expected 1 to 200 letters, digits, '.', '_' or '-'");
        }
    }

    private static void checkName(String path, String name) {
        if (!NAME.matcher(name).matches()) {
            throw new ConfigException(path, "'" + name
                    + "' is not a valid name; expected a letter then letters, digits, '_', '.' or '-' (64 at most)");
        }
    }

    private static void checkUnique(Map<String, String> seen, String name, ConfigNode node) {
        String previous = seen.putIfAbsent(name, node.path());
        if (previous != null) {
            throw new ConfigException(node.child("name"), "'" + name + "' is already used by " + previous);
        }
    }

    private static void checkDistinct(String path, List<String> values) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < values.size(); i++) {
            if (!seen.add(values.get(i))) {
                throw new ConfigException(path + "[" + i + "]", "'" + values.get(i) + "' is listed twice");
            }
        }
    }

    private static void checkPositive(String path, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new ConfigException(path, format(value) + " is not a finite number > 0");
        }
    }

    private static void checkFraction(String path, double value, boolean belowOne) {
        if (!(value >= 0) || (belowOne ? value >= 1 : Double.isInfinite(value))) {
            throw new ConfigException(path, format(value) + " is out of range; expected "
                    + (belowOne ? "0 ≤ value < 1" : "a finite number ≥ 0"));
        }
    }

    private static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
