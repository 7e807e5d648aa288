package io.streammtl.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a YAML spec file into a validated {@link ServiceConfig}: one path from file, bundled resource or text to
 * records; each section has its reader, each record checks its values; every error names the path and the value.
 */
public final class ModelConfigLoader {
    /** Prefix of specs bundled in the jar, e.g. {@code classpath:config/wine.yaml}. */
    public static final String CLASSPATH = "classpath:";

    private ModelConfigLoader() {
    }

    /** Loads a spec file (or a {@code classpath:} spec); I/O and syntax errors are ConfigExceptions too. */
    public static ServiceConfig load(Path file) {
        return load(file, List.of());
    }

    /** Loads a spec file (or a {@code classpath:} spec), applies the changes in order, then validates the result. */
    public static ServiceConfig load(Path file, List<ConfigOverride> overrides) {
        return parse(read(file), overrides);
    }

    /** Parses and validates spec text. */
    public static ServiceConfig parse(String yaml) {
        return parse(yaml, List.of());
    }

    /**
     * Parses spec text, applies the changes in order, then validates the result; with an {@code auto} section, each
     * variant's spec too (the changes, then the variant's), an error naming the variant.
     */
    public static ServiceConfig parse(String yaml, List<ConfigOverride> overrides) {
        JsonNode tree = applied(yaml, overrides);
        ServiceConfig config = read(ConfigNode.root(tree));
        Optional<AutoConfig> auto = ConfigNode.root(tree).optionalObject("auto")
                .map(node -> AutoReader.auto(node, config.model().optimizer()));
        if (auto.isEmpty()) {
            return config;
        }
        List<ModelConfig> specs = new ArrayList<>();
        for (AutoConfig.Variant variant : auto.get().variants()) {
            List<ConfigOverride> changes = new ArrayList<>(overrides);
            changes.addAll(variant.overrides());
            try {
                specs.add(read(ConfigNode.root(applied(yaml, changes))).model());
            } catch (ConfigException e) {
                throw new ConfigException("auto variant '" + variant.name() + "'", e.getMessage());
            }
        }
        return config.withAuto(new AutoSelection(auto.get(), specs));
    }

    /** The spec file's {@code auto} section (champion and challengers), if any; the whole spec is validated. */
    public static Optional<AutoConfig> auto(Path file) {
        return Optional.ofNullable(load(file).auto()).map(AutoSelection::config);
    }

    private static JsonNode applied(String yaml, List<ConfigOverride> overrides) {
        JsonNode tree = tree(yaml);
        if (tree instanceof ObjectNode root) {
            for (ConfigOverride override : overrides) {
                override.apply(root);
            }
        }
        return tree;
    }

    private static String read(Path file) {
        String name = file.toString();
        if (name.startsWith(CLASSPATH)) {
            try (InputStream in = ModelConfigLoader.class.getClassLoader()
                    .getResourceAsStream(name.substring(CLASSPATH.length()))) {
                if (in == null) {
                    throw new ConfigException("", "no such spec inside the jar");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new ConfigException("", "cannot read the spec (" + e.getMessage() + ")");
            }
        }
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("", "file not found");
        } catch (IOException e) {
            throw new ConfigException("", "cannot read the file (" + e.getMessage() + ")");
        }
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

    private static ServiceConfig read(ConfigNode root) {
        String name = root.string("name", "model");
        Checks.name(root.child("name"), name);
        long seed = root.integer("seed", 42);
        List<FeatureConfig> features = FeatureReader.features(root);
        InputsLoader inputs = new InputsLoader();
        List<TaskConfig> tasks = TaskReader.tasks(root, inputs);
        TrunkConfig trunk = root.optionalObject("trunk").map(NetworkReader::trunk).orElse(TrunkConfig.defaults());
        HeadConfig heads = root.optionalObject("heads").map(NetworkReader::heads).orElse(HeadConfig.defaults());
        OptimizerConfig optimizer = root.optionalObject("optimizer").map(TrainingReader::optimizer)
                .orElse(OptimizerConfig.defaults(OptimizerKind.ADAM));
        TrainingConfig training = root.optionalObject("training").map(TrainingReader::training)
                .orElse(TrainingConfig.defaults());
        PreprocessingConfig preprocessing = root.optionalObject("preprocessing")
                .map(PreprocessingReader::preprocessing).orElse(PreprocessingConfig.defaults());
        Optional<ConfigNode> metricsNode = root.optionalObject("metrics");
        MetricsConfig metrics = metricsNode.map(ServiceSettingsReader::metrics).orElse(MetricsConfig.defaults());
        EndpointConfig endpoint = metricsNode.map(ServiceSettingsReader::endpoint).orElse(EndpointConfig.defaults());
        metricsNode.ifPresent(ConfigNode::rejectUnknownKeys);
        CsvConfig csv = root.optionalObject("csv").map(ServiceSettingsReader::csv).orElse(CsvConfig.defaults());
        KafkaConfig kafka = root.optionalObject("kafka").map(k -> KafkaReader.kafka(k, name))
                .orElse(KafkaConfig.defaults(name));
        LabelsConfig labels = root.optionalObject("labels").map(l -> ServiceSettingsReader.labels(l, kafka))
                .orElse(null);
        TaskInputs taskInputs = inputs.finish(root, features, tasks, trunk);
        WeightingConfig weighting = root.optionalObject("weighting").map(w -> WeightingReader.weighting(w, trunk))
                .orElse(WeightingConfig.staticWeights());
        RegularizerConfig regularizers = root.optionalObject("regularizers")
                .map(r -> WeightingReader.regularizers(r, tasks)).orElse(RegularizerConfig.none());
        root.optionalObject("auto").ifPresent(auto -> AutoReader.auto(auto, optimizer));
        root.rejectUnknownKeys();
        ModelConfig model = new ModelConfig(name, seed, features, tasks, trunk, heads, optimizer, training,
                preprocessing, metrics, taskInputs, weighting, regularizers);
        return new ServiceConfig(model, kafka, labels, csv, endpoint);
    }
}
