package io.streammtl.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelConfigLoaderTest {
    private static final String VALID = """
            name: t
            seed: 7
            features:
              - {name: a}
              - {name: b, column: "col b"}
              - {name: city, type: categorical, vocabulary: [x, y]}
            tasks:
              - {name: price, kind: regression, loss: huber, huber_delta: 2.0, weight: 0.5}
              - {name: good, kind: binary, label: {column: price, threshold: 6}}
              - name: tier
                kind: multiclass
                classes: [low, high]
                label: {column: price, map: {"1": low, "2": high}}
            trunk: {layers: [8, 4], activation: tanh}
            optimizer: {kind: sgd, lr: 0.1, momentum: 0.9, nesterov: true}
            training: {batch_size: 16, clip_norm: 1.5}
            """;

    private static ConfigException error(String yaml) {
        return assertThrows(ConfigException.class, () -> ModelConfigLoader.parse(yaml));
    }

    private static String replace(String from, String to) {
        assertTrue(VALID.contains(from), from);
        return VALID.replace(from, to);
    }

    @Test
    void shouldReadEveryFieldOfAValidSpec() {
        ModelConfig config = ModelConfigLoader.parse(VALID).model();
        assertEquals("t", config.name());
        assertEquals(7, config.seed());
        assertEquals("col b", config.features().get(1).column());
        assertEquals(1 + 1 + 3, config.inputWidth());
        TaskConfig price = config.tasks().get(0);
        assertEquals(LossKind.HUBER, price.loss());
        assertEquals(2.0, price.huberDelta());
        assertEquals(0.5, price.weight());
        assertEquals(new LabelSource.Column("price"), price.label());
        assertEquals(new LabelSource.Threshold("price", 6), config.tasks().get(1).label());
        assertEquals(LossKind.BCE, config.tasks().get(1).loss());
        assertEquals(List.of("low", "high"), config.tasks().get(2).classes());
        assertEquals(List.of(8, 4), config.trunk().layers());
        assertEquals(Activation.TANH, config.trunk().activation());
        assertEquals(OptimizerKind.SGD, config.optimizer().kind());
        assertTrue(config.optimizer().nesterov());
        assertEquals(16, config.training().batchSize());
        assertEquals(1.5, config.training().clipNorm());
    }

    @Test
    void shouldRejectMisspelledTaskKindNamingPathAndChoices() {
        ConfigException e = error(replace("kind: binary", "kind: regresion"));
        assertEquals("tasks[1].kind: 'regresion' is not one of regression, binary, multiclass", e.getMessage());
        assertEquals("tasks[1].kind", e.path());
    }

    @Test
    void shouldRejectUnknownKeyListingExpectedKeys() {
        ConfigException e = error(replace("momentum: 0.9", "momentum: 0.9, betta1: 0.5"));
        assertTrue(e.getMessage().startsWith("optimizer.betta1: unknown key; expected one of kind, lr"), e.getMessage());
    }

    @Test
    void shouldRejectUnknownTopLevelKey() {
        assertEquals("epochs", error(VALID + "epochs: 3\n").path());
    }

    @Test
    void shouldRejectMissingRequiredField() {
        assertEquals("tasks[0].name: missing; expected a string",
                error(replace("{name: price, kind", "{kind")).getMessage());
    }

    @Test
    void shouldRejectWrongValueType() {
        assertEquals("training.batch_size: 'many' is not an integer",
                error(replace("batch_size: 16", "batch_size: many")).getMessage());
    }

    @Test
    void shouldRejectOutOfRangeBatchSize() {
        assertEquals("training.batch_size: 5000 is out of range; expected 1 to 4096",
                error(replace("batch_size: 16", "batch_size: 5000")).getMessage());
    }

    @Test
    void shouldRejectNonPositiveLearningRate() {
        assertEquals("optimizer.lr: -0.1 is not a finite number > 0",
                error(replace("lr: 0.1", "lr: -0.1")).getMessage());
    }

    @Test
    void shouldRejectDuplicateTaskName() {
        assertEquals("tasks[1].name: 'price' is already used by tasks[0]",
                error(replace("{name: good,", "{name: price,")).getMessage());
    }

    @Test
    void shouldRejectLossThatDoesNotFitTheKind() {
        ConfigException e = error(replace("loss: huber, huber_delta: 2.0", "loss: bce"));
        assertEquals("tasks[0].loss", e.path());
        assertTrue(e.getMessage().contains("'bce' does not apply to a regression task"), e.getMessage());
    }

    @Test
    void shouldRejectClassesOnARegressionTask() {
        assertEquals("tasks[0].classes: only multiclass tasks have classes",
                error(replace("weight: 0.5}", "weight: 0.5, classes: [a, b]}")).getMessage());
    }

    @Test
    void shouldRejectLabelMapToAnUndeclaredClass() {
        assertEquals("tasks[2].label.map.2: 'top' is not one of the task's classes low, high",
                error(replace("\"2\": high", "\"2\": top")).getMessage());
    }

    @Test
    void shouldRejectMulticlassTaskWithOneClass() {
        assertEquals("tasks[2].classes: has 1 class; expected at least two",
                error(replace("classes: [low, high]", "classes: [low]")).getMessage());
    }

    @Test
    void shouldRejectCategoricalFeatureWithoutVocabulary() {
        assertEquals("features[2].vocabulary",
                error(replace("type: categorical, vocabulary: [x, y]", "type: categorical")).path());
    }

    @Test
    void shouldRejectNesterovWithoutMomentum() {
        assertEquals("optimizer.nesterov: true needs a momentum above 0",
                error(replace("momentum: 0.9", "momentum: 0")).getMessage());
    }

    @Test
    void shouldRejectAdamOnlyKeyOnSgd() {
        assertEquals("optimizer.beta1: not used by sgd (only by adam, adamw and schedule_free_adamw)",
                error(replace("nesterov: true", "nesterov: true, beta1: 0.9")).getMessage());
    }

    @Test
    void shouldRejectInvalidName() {
        assertEquals("features[0].name",
                error(replace("{name: a}", "{name: \"a b\"}")).path());
    }

    @Test
    void shouldRejectYamlSyntaxErrorWithLine() {
        ConfigException e = error("features: [\n  {name: a\ntasks: ]\n");
        assertTrue(e.getMessage().startsWith("not valid YAML at line"), e.getMessage());
    }

    @Test
    void shouldRejectDuplicateYamlKey() {
        assertTrue(error(VALID + "seed: 8\n").getMessage().contains("not valid YAML"));
    }

    @Test
    void shouldRejectEmptyDocument() {
        assertTrue(error("").getMessage().contains("empty"));
    }

    @Test
    void shouldReportMissingFile(@TempDir Path dir) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ModelConfigLoader.load(dir.resolve("absent.yaml")));
        assertEquals("file not found", e.getMessage());
    }

    @Test
    void shouldAcceptExponentWithoutDot(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, replace("optimizer: {kind: sgd, lr: 0.1, momentum: 0.9, nesterov: true}",
                "optimizer: {kind: adam, lr: 1e-3, epsilon: 1e-8}"));
        ModelConfig config = ModelConfigLoader.load(file).model();
        assertEquals(1e-3, config.optimizer().learningRate());
        assertEquals(1e-8, config.optimizer().epsilon());
    }

    @Test
    void shouldApplyDefaultsWhenSectionsAreAbsent() {
        ModelConfig config = ModelConfigLoader.parse("features: [{name: a}]\ntasks: [{name: y, kind: regression}]\n").model();
        assertEquals(List.of(64, 64), config.trunk().layers());
        assertEquals(OptimizerKind.ADAM, config.optimizer().kind());
        assertEquals(32, config.training().batchSize());
        assertTrue(config.preprocessing().standardizeFeatures());
        assertEquals(LossKind.MSE, config.tasks().get(0).loss());
    }

    @Test
    void shouldLoadEveryShippedExampleConfig() throws Exception {
        try (var files = Files.list(Path.of("deploy/config"))) {
            List<Path> specs = files.filter(p -> p.toString().endsWith(".yaml"))
                    .filter(p -> !p.getFileName().toString().equals("kustomization.yaml")).toList();
            assertTrue(specs.size() >= 2, "expected the shipped example configs, found " + specs);
            for (Path spec : specs) {
                ModelConfig config = ModelConfigLoader.load(spec).model();
                assertTrue(config.tasks().size() >= 1, spec.toString());
            }
        }
    }

    @Test
    void shouldDeriveKafkaDefaultsFromTheModelName() {
        KafkaConfig kafka = ModelConfigLoader.parse(VALID).kafka();
        assertEquals(List.of("t-events"), kafka.inputTopics());
        assertEquals("t-predictions", kafka.predictionsTopic());
        assertEquals("streammtl-t", kafka.applicationId());
        assertTrue(kafka.keyedByModel());
    }

    @Test
    void shouldRejectBothInputTopicsAndPattern() {
        assertEquals("kafka.input_pattern: give either input_topics or input_pattern, not both",
                error(VALID + "kafka: {input_topics: [a], input_pattern: 'b.*'}\n").getMessage());
    }

    @Test
    void shouldRejectInvalidTopicName() {
        assertTrue(error(VALID + "kafka: {predictions_topic: 'has space'}\n").getMessage()
                .startsWith("kafka.predictions_topic: 'has space' is not a valid Kafka name"));
    }

    @Test
    void shouldRejectNegativeSnapshotCadence() {
        assertEquals("kafka.snapshot_every_steps: -1 is negative; expected 0 (off) or more",
                error(VALID + "kafka: {snapshot_every_steps: -1}\n").getMessage());
    }

    @Test
    void shouldReadKafkaStreamsOverrides() {
        KafkaConfig kafka = ModelConfigLoader.parse(VALID + "kafka: {streams: {commit.interval.ms: 250}, partitions: 3}\n").kafka();
        assertEquals(java.util.Map.of("commit.interval.ms", "250"), kafka.streams());
        assertEquals(3, kafka.partitions());
    }

    @Test
    void shouldReadATaskDriftSection() {
        DriftConfig drift = ModelConfigLoader.parse(replace("{name: good, kind: binary,",
                "{name: good, kind: binary, drift: {detector: ddm, warning_threshold: 2.5, response: boost_lr, boost_steps: 7},"))
                .model().tasks().get(1).drift();
        assertEquals("ddm", drift.detector());
        assertEquals(java.util.Map.of("warning_threshold", 2.5), drift.parameters());
        assertEquals(DriftResponse.BOOST_LR, drift.response());
        assertEquals(7, drift.boostSteps());
    }

    @Test
    void shouldRejectErrorRateDetectorOnARegressionTask() {
        assertTrue(error(replace("weight: 0.5}", "weight: 0.5, drift: {detector: ddm}}")).getMessage()
                .startsWith("tasks[0].drift.detector: 'ddm' watches a 0/1 error rate"));
    }

    @Test
    void shouldRejectBoostStepsOutOfRange() {
        assertEquals("tasks[1].drift.boost_steps: 0 is out of range; expected 1 to 1000000",
                error(replace("{name: good, kind: binary,", "{name: good, kind: binary, drift: {boost_steps: 0},"))
                        .getMessage());
    }

    @Test
    void shouldDefaultTheMetricsPortAndReadAnotherOne() {
        assertEquals(EndpointConfig.DEFAULT_PORT, ModelConfigLoader.parse(VALID).endpoint().port());
        assertEquals(0, ModelConfigLoader.parse(VALID + "metrics: {port: 0}\n").endpoint().port());
        assertEquals(9500, ModelConfigLoader.parse(VALID + "metrics: {window: 50, port: 9500}\n").endpoint().port());
    }

    @Test
    void shouldRejectAMetricsPortOutOfRange() {
        assertEquals("metrics.port: 70000 is out of range; expected 0 (no endpoint) to 65535",
                error(VALID + "metrics: {port: 70000}\n").getMessage());
    }

    @Test
    void shouldReadAQualityFloor() {
        ModelConfig config = ModelConfigLoader.parse(replace("{name: good, kind: binary,",
                "{name: good, kind: binary, quality_floor: {metric: accuracy, min: 0.7},")).model();
        assertEquals(new QualityFloor("accuracy", 0.7), config.tasks().get(1).qualityFloor());
        assertEquals(null, config.tasks().get(0).qualityFloor());
    }

    @Test
    void shouldRejectAFloorOnALowerIsBetterMetric() {
        assertEquals("tasks[0].quality_floor.metric: 'mse' is not a higher-is-better metric of a regression task; "
                        + "expected one of [r2]",
                error(replace("weight: 0.5}", "weight: 0.5, quality_floor: {metric: mse, min: 1}}")).getMessage());
    }

    @Test
    void shouldRejectAFloorWithoutMin() {
        assertEquals("tasks[1].quality_floor.min: missing; expected the lowest acceptable windowed value",
                error(replace("{name: good, kind: binary,", "{name: good, kind: binary, quality_floor: {metric: auc},"))
                        .getMessage());
    }

    @Test
    void shouldRejectANonFiniteFloor() {
        assertEquals("tasks[1].quality_floor.min: Infinity is not a finite number",
                error(replace("{name: good, kind: binary,",
                        "{name: good, kind: binary, quality_floor: {metric: auc, min: 1e999},")).getMessage());
    }

    @Test
    void shouldRejectAnUnknownFloorKey() {
        ConfigException e = error(replace("{name: good, kind: binary,",
                "{name: good, kind: binary, quality_floor: {metric: auc, min: 0.6, max: 1},"));
        assertEquals("tasks[1].quality_floor.max", e.path());
    }
}
