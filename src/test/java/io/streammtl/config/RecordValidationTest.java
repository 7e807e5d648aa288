package io.streammtl.config;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Records check their values on construction, so no copy made with a {@code with…} method escapes the checks. */
class RecordValidationTest {
    private static final ServiceConfig SPEC = ModelConfigLoader.parse("""
            name: v
            features: [{name: a}]
            tasks: [{name: y, kind: regression}, {name: z, kind: binary}]
            """);

    private static String error(Runnable construction) {
        return assertThrows(ConfigException.class, construction::run).getMessage();
    }

    @Test
    void shouldRefuseABatchSizeCopyOutOfRange() {
        assertEquals("training.batch_size: 0 is out of range; expected 1 to 4096",
                error(() -> SPEC.model().withBatchSize(0)));
        assertEquals("training.batch_size: 5000 is out of range; expected 1 to 4096",
                error(() -> SPEC.model().withBatchSize(5000)));
    }

    @Test
    void shouldRefuseATaskCopyThatRepeatsAName() {
        TaskConfig first = SPEC.model().tasks().get(0);
        assertEquals("tasks[1].name: 'y' is already used by tasks[0]",
                error(() -> SPEC.model().withTasks(List.of(first, first))));
    }

    @Test
    void shouldRefuseALossTheTaskKindDoesNotTakeNamingTheTaskRelativePath() {
        assertEquals("loss: 'bce' does not apply to a regression task; expected one of [mse, huber]",
                error(() -> new TaskConfig("y", TaskKind.REGRESSION, List.of(), LossKind.BCE, 1, 1,
                        new LabelSource.Column("y"), DriftConfig.none())));
    }

    @Test
    void shouldNameTheTaskWhenTheLoaderMeetsTheSameError() {
        ConfigException e = assertThrows(ConfigException.class, () -> ModelConfigLoader.parse("""
                features: [{name: a}]
                tasks: [{name: y, kind: regression}, {name: z, kind: regression, loss: bce}]
                """));
        assertEquals("tasks[1].loss", e.path());
    }

    @Test
    void shouldRefuseAKafkaCopyBelowTheSmallestRecordOrWithABadTopic() {
        assertEquals("kafka.max_record_bytes", assertThrows(ConfigException.class,
                () -> SPEC.kafka().withMaxRecordBytes(1000)).path());
        assertEquals("kafka.predictions_topic", assertThrows(ConfigException.class,
                () -> SPEC.kafka().forRun("app", "in", "bad topic", Map.of())).path());
    }

    @Test
    void shouldRefuseAnOptimizerWithoutAPositiveLearningRate() {
        assertEquals("optimizer.lr: 0 is not a finite number > 0", error(() -> new OptimizerConfig(
                OptimizerKind.ADAM, 0, 0, false, 0.9, 0.999, 1e-8, 0)));
    }

    @Test
    void shouldRefuseDriftBoostStepsOutOfRange() {
        assertEquals("boost_steps: 0 is out of range; expected 1 to 1000000", error(() -> new DriftConfig(
                "adwin", Map.of(), DriftResponse.BOOST_LR, 10, 0, 50, ChallengeRace.DEFAULT)));
    }

    @Test
    void shouldRefuseAWindowOrPortOutOfRange() {
        assertEquals("metrics.window: 0 is out of range; expected 1 to 10000000", error(() -> new MetricsConfig(0)));
        assertEquals("metrics.port: 70000 is out of range; expected 0 (no endpoint) to 65535",
                error(() -> new EndpointConfig(70_000)));
    }

    @Test
    void shouldRefuseModelKeysWithoutAnyKeyOrBeyondTheBound() {
        assertEquals("kafka.models: empty; expected at least one model key, or a model_pattern",
                error(() -> SPEC.kafka().withModelKeys(new ModelKeys(List.of(), null, 1))));
        assertEquals("kafka.max_models", assertThrows(ConfigException.class,
                () -> new ModelKeys(List.of("a", "b"), "x.*", 1)).path());
    }

    @Test
    void shouldRefuseAFeatureThatBreaksItsTypesRulesWhateverBuildsIt() {
        assertEquals("hash_buckets: give either a vocabulary or hash_buckets, not both",
                error(() -> new FeatureConfig("c", "c", FeatureType.CATEGORICAL, List.of("x"), 8,
                        CategoricalEncoding.ONE_HOT, 0, MissingPolicy.error())));
        assertEquals("type: a numeric feature has no vocabulary, hash_buckets or embedding_dim",
                error(() -> new FeatureConfig("n", "n", FeatureType.NUMERIC, List.of("x"))));
        assertEquals("vocabulary[1]: 'x' is listed twice",
                error(() -> new FeatureConfig("c", "c", FeatureType.CATEGORICAL, List.of("x", "x"))));
        assertEquals("name: '1a' is not a valid name; expected a letter then letters, digits, '_', '.' or '-' (64 at"
                + " most)", error(() -> new FeatureConfig("1a", "a", FeatureType.NUMERIC, List.of())));
    }

    @Test
    void shouldRefuseWeightingHyperParametersOutOfRangeWhateverBuildsThem() {
        assertEquals("lr: 0 is not a finite number > 0",
                error(() -> new WeightingConfig(WeightingKind.UNCERTAINTY, 0, 1.5, 2, 20, 0.99)));
        assertEquals("alpha: -1 is not a finite number ≥ 0",
                error(() -> new WeightingConfig(WeightingKind.GRADNORM, 0.01, -1, 2, 20, 0.99)));
        assertEquals("window: 0 is out of range; expected 1 to 1000000 steps",
                error(() -> new WeightingConfig(WeightingKind.DWA, 0.01, 1.5, 2, 0, 0.99)));
        assertEquals("beta: 1 is out of range; expected 0 ≤ value < 1",
                error(() -> new WeightingConfig(WeightingKind.LOSS_SCALE, 0.01, 1.5, 2, 20, 1)));
    }

    @Test
    void shouldRefuseRegularisersThatBreakTheirRulesWhateverBuildsThem() {
        assertEquals("strength: -0.1 is not a finite number ≥ 0", error(() -> new GroupPenalty(-0.1, true, true)));
        assertEquals("groups: empty; expected trunk and/or heads", error(() -> new GroupPenalty(1, false, false)));
        assertEquals("rate: 0 is out of range; expected 0 < value ≤ 1",
                error(() -> new HeadCoupling(1, List.of("a", "b"), List.of(), 0, 1e-4)));
        assertEquals("tasks[1]: 'a' is listed twice",
                error(() -> new HeadCoupling(1, List.of("a", "a"), List.of(), 0.01, 1e-4)));
        assertEquals("edges[1]: the edge [b, a] is listed twice", error(() -> new HeadCoupling(1, List.of(),
                List.of(List.of("a", "b"), List.of("b", "a")), 0.01, 1e-4)));
        assertEquals("edges[0]: 'a' is joined to itself",
                error(() -> new HeadCoupling(1, List.of(), List.of(List.of("a", "a")), 0.01, 1e-4)));
        HeadCoupling nothingCoupled = new HeadCoupling(1, List.of(), List.of(), 0.01, 1e-4);
        GroupPenalty off = GroupPenalty.off();
        assertEquals("graph.edges: missing; expected a list of task pairs, e.g. [[a, b]]", error(() ->
                new RegularizerConfig(off, off, off, HeadCoupling.off(), nothingCoupled, HeadCoupling.off())));
        assertEquals("nuclear.tasks: [] couples fewer than two tasks", error(() ->
                new RegularizerConfig(off, off, off, nothingCoupled, HeadCoupling.off(), HeadCoupling.off())));
    }

    @Test
    void shouldNameTheRegulariserWhenTheLoaderMeetsARecordsError() {
        ConfigException e = assertThrows(ConfigException.class, () -> ModelConfigLoader.parse("""
                features: [{name: a}]
                tasks: [{name: y, kind: regression}, {name: z, kind: regression}]
                regularizers: {prior: {strength: 1, rate: 2}}
                """));
        assertEquals("regularizers.prior.rate: 2 is out of range; expected 0 < value ≤ 1", e.getMessage());
    }

    @Test
    void shouldRefuseAQualityFloorWithoutAFiniteMinimum() {
        assertEquals("min: NaN is not a finite number", error(() -> new QualityFloor("accuracy", Double.NaN)));
        assertEquals("metric: missing; expected a higher-is-better metric of the task",
                error(() -> new QualityFloor(" ", 0.5)));
    }

    @Test
    void shouldRefuseTaskInputsWhoseProjectionOrLinksCannotWork() {
        assertEquals("projection.width: 0 is out of range; expected 1 to 65536", error(() -> new TaskInputs(
                Map.of("y", List.of("a")), Map.of(), List.of(), 0)));
        assertEquals("tasks.y.features: empty; leave it out to use every feature", error(() -> new TaskInputs(
                Map.of("y", List.of()), Map.of(), List.of(), 8)));
        assertEquals("tasks.y.inputs_from.task: 'y' is the task itself", error(() -> new TaskInputs(
                Map.of(), Map.of("y", new TaskInputs.InputFrom("y", false)), List.of(), 0)));
        assertEquals("temperature: 0.0 is not a finite number > 0",
                error(() -> new TaskInputs.CoherenceConfig("z", "y", 1, 0, 1)));
        assertEquals("weight: -1.0 is not a finite weight ≥ 0",
                error(() -> new TaskInputs.CoherenceConfig("z", "y", 1, 0.5, -1)));
    }
}
