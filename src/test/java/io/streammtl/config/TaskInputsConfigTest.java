package io.streammtl.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The spec keys of task-specific inputs, categorical features, missing values and consistency, and their errors. */
class TaskInputsConfigTest {
    private static final String VALID = """
            features:
              - {name: size}
              - {name: rooms, missing: impute, impute_value: 2}
              - {name: baths, missing: impute}
              - {name: place, type: categorical, vocabulary: [town, farm], encoding: embedding, embedding_dim: 3, missing: impute}
              - {name: street, type: categorical, hash_buckets: 16}
            tasks:
              - {name: house, kind: regression, features: [size, rooms, baths]}
              - {name: flat, kind: regression, features: [size, rooms, place, street], inputs_from: {task: house, gradient: true}}
              - {name: dear, kind: binary, label: {column: flat, threshold: 100}}
            projection: {width: 8}
            coherence:
              - {tasks: [dear, flat], threshold: 100, temperature: 5, weight: 0.5}
            """;

    private static String replace(String from, String to) {
        assertTrue(VALID.contains(from), from);
        return VALID.replace(from, to);
    }

    private static ConfigException error(String yaml) {
        return assertThrows(ConfigException.class, () -> ModelConfigLoader.parse(yaml));
    }

    @Test
    void shouldReadEveryNewKey() {
        ModelConfig config = ModelConfigLoader.parse(VALID).model();
        FeatureConfig rooms = config.features().get(1);
        assertEquals(MissingPolicy.impute(2.0), rooms.missing());
        assertEquals(2, rooms.width(), "value and missing indicator");
        assertTrue(config.features().get(2).missing().imputesMean());
        FeatureConfig place = config.features().get(3);
        assertEquals(CategoricalEncoding.EMBEDDING, place.encoding());
        assertEquals(3, place.embeddingDim());
        assertEquals(4, place.buckets(), "town, farm, out-of-vocabulary, missing");
        assertEquals(1, place.width());
        assertEquals(3, place.encodedWidth());
        FeatureConfig street = config.features().get(4);
        assertEquals(16, street.buckets());
        assertEquals(16, street.width());
        assertEquals(1 + 2 + 2 + 1 + 16, config.inputWidth());
        TaskInputs inputs = config.taskInputs();
        assertEquals(List.of("size", "rooms", "baths"), inputs.features().get("house"));
        assertFalse(inputs.features().containsKey("dear"));
        assertEquals(new TaskInputs.InputFrom("house", true), inputs.inputsFrom().get("flat"));
        assertEquals(8, inputs.projectionWidth());
        assertEquals(List.of(new TaskInputs.CoherenceConfig("dear", "flat", 100, 5, 0.5)), inputs.coherence());
    }

    @Test
    void shouldDefaultToNoProjectionAndTheFirstTrunkWidthWhenProjected() {
        ModelConfig plain = ModelConfigLoader.parse("features: [{name: a}]\ntasks: [{name: y, kind: regression}]\n").model();
        assertFalse(plain.taskInputs().projected());
        ModelConfig projected = ModelConfigLoader.parse(replace("projection: {width: 8}\n", "")).model();
        assertEquals(64, projected.taskInputs().projectionWidth());
    }

    @Test
    void shouldKeepOnlyItsOwnFeaturesAndDropLinksInASingleTaskCopy() {
        ModelConfig config = ModelConfigLoader.parse(VALID).model();
        ModelConfig flat = config.withTasks(List.of(config.tasks().get(1)));
        assertEquals(List.of("size", "rooms", "place", "street"), flat.taskInputs().features().get("flat"));
        assertTrue(flat.taskInputs().inputsFrom().isEmpty());
        assertTrue(flat.taskInputs().coherence().isEmpty());
    }

    @Test
    void shouldRejectUnknownFeatureInATaskSet() {
        ConfigException e = error(replace("features: [size, rooms, baths]", "features: [size, rooms, bath]"));
        assertEquals("tasks[0].features[2]", e.path());
        assertTrue(e.getMessage().contains("'bath' is not a declared feature"), e.getMessage());
    }

    @Test
    void shouldRejectEmptyAndDuplicateTaskFeatureSets() {
        assertEquals("tasks[0].features", error(replace("features: [size, rooms, baths]", "features: []")).path());
        assertEquals("tasks[0].features[1]",
                error(replace("features: [size, rooms, baths]", "features: [size, size]")).path());
    }

    @Test
    void shouldRejectHashBucketsAndVocabularyTogether() {
        ConfigException e = error(replace("hash_buckets: 16", "hash_buckets: 16, vocabulary: [a]"));
        assertEquals("features[4].hash_buckets: give either a vocabulary or hash_buckets, not both", e.getMessage());
    }

    @Test
    void shouldRejectHashBucketsOutOfRange() {
        ConfigException e = error(replace("hash_buckets: 16", "hash_buckets: 0"));
        assertEquals("features[4].hash_buckets: 0 is out of range; expected 1 to 1048576", e.getMessage());
    }

    @Test
    void shouldRejectHashBucketsOnANumericFeature() {
        assertEquals("features[0].hash_buckets", error(replace("{name: size}", "{name: size, hash_buckets: 4}")).path());
    }

    @Test
    void shouldRejectUnknownEncoding() {
        ConfigException e = error(replace("encoding: embedding", "encoding: onehot"));
        assertEquals("features[3].encoding: 'onehot' is not one of one_hot, embedding", e.getMessage());
    }

    @Test
    void shouldRejectEmbeddingDimensionOutOfRangeOrWithoutEmbedding() {
        assertEquals("features[3].embedding_dim: 0 is out of range; expected 1 to 1024",
                error(replace("embedding_dim: 3", "embedding_dim: 0")).getMessage());
        assertEquals("features[3].embedding_dim",
                error(replace("encoding: embedding, ", "")).path());
    }

    @Test
    void shouldRejectUnknownMissingPolicy() {
        ConfigException e = error(replace("{name: baths, missing: impute}", "{name: baths, missing: mean}"));
        assertEquals("features[2].missing: 'mean' is not one of error, impute", e.getMessage());
    }

    @Test
    void shouldRejectImputeValueWithoutImputeOrOnACategory() {
        assertEquals("features[1].impute_value: only used with missing: impute",
                error(replace("missing: impute, impute_value: 2", "impute_value: 2")).getMessage());
        assertEquals("features[3].impute_value",
                error(replace("embedding_dim: 3, missing: impute", "embedding_dim: 3, missing: impute, impute_value: 1"))
                        .path());
    }

    @Test
    void shouldRejectInputsFromAnUnknownTaskOrItself() {
        assertEquals("tasks[1].inputs_from.task: 'hous' is not a task of this model",
                error(replace("{task: house, gradient: true}", "{task: hous}")).getMessage());
        assertEquals("tasks[1].inputs_from.task: 'flat' is the task itself",
                error(replace("{task: house, gradient: true}", "{task: flat}")).getMessage());
    }

    @Test
    void shouldRejectACycleOfInputsNamingIt() {
        ConfigException e = error(replace("{name: house, kind: regression, features: [size, rooms, baths]}",
                "{name: house, kind: regression, features: [size, rooms, baths], inputs_from: {task: flat}}"));
        assertEquals("tasks[0].inputs_from.task: 'flat' closes a cycle of inputs: house ← flat ← house",
                e.getMessage());
    }

    @Test
    void shouldRejectUnknownKeyInInputsFrom() {
        assertEquals("tasks[1].inputs_from.grad",
                error(replace("{task: house, gradient: true}", "{task: house, grad: true}")).path());
    }

    @Test
    void shouldRejectProjectionWithoutTaskFeatureSetsAndBadWidth() {
        String noSets = replace("features: [size, rooms, baths]}", "}")
                .replace(", features: [size, rooms, place, street]", "");
        assertEquals("projection: only used when a task declares its own features (tasks[i].features)",
                error(noSets).getMessage());
        assertEquals("projection.width: 0 is out of range; expected 1 to 65536",
                error(replace("width: 8", "width: 0")).getMessage());
    }

    @Test
    void shouldRejectCoherenceBetweenTasksOfTheWrongKinds() {
        ConfigException e = error(replace("tasks: [dear, flat]", "tasks: [house, flat]"));
        assertEquals("coherence[0].tasks: [house, flat] is not one binary and one regression task", e.getMessage());
    }

    @Test
    void shouldRejectCoherenceWithUnknownTaskOrWrongCount() {
        assertEquals("coherence[0].tasks[1]", error(replace("tasks: [dear, flat]", "tasks: [dear, flt]")).path());
        assertEquals("coherence[0].tasks", error(replace("tasks: [dear, flat]", "tasks: [dear]")).path());
    }

    @Test
    void shouldRejectCoherenceWithoutThresholdOrWithBadTemperatureOrWeight() {
        assertEquals("coherence[0].threshold", error(replace("threshold: 100, ", "")).path());
        assertEquals("coherence[0].temperature: 0.0 is not a finite number > 0",
                error(replace("temperature: 5", "temperature: 0")).getMessage());
        assertEquals("coherence[0].weight", error(replace("weight: 0.5", "weight: -1")).path());
        assertEquals("coherence[0].gamma", error(replace("weight: 0.5", "gamma: 1")).path());
    }
}
