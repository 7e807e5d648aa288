package io.streammtl.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The loader builds each variant's whole spec for the service ({@link ServiceConfig#auto()}). */
class AutoSelectionTest {
    private static final String SPEC = """
            name: small
            features: [{name: a}]
            tasks: [{name: y, kind: regression}]
            optimizer: {kind: adam, lr: 0.01}
            training: {batch_size: 4}
            """;

    @Test
    void shouldBuildEachVariantsSpecFromTheChangedSpecThenTheVariantsChanges() {
        ServiceConfig config = ModelConfigLoader.parse(SPEC + "auto: {variants: [{lr: 0.003}, {batch_size: 8}]}\n",
                List.of(ConfigOverride.parse("seed=7")));

        List<ModelConfig> specs = config.auto().specs();
        assertEquals(3, specs.size());
        assertEquals(config.model(), specs.get(0), "base is the spec as loaded");
        assertEquals(0.003, specs.get(1).optimizer().learningRate());
        assertEquals(4, specs.get(1).training().batchSize());
        assertEquals(8, specs.get(2).training().batchSize());
        assertEquals(0.01, specs.get(2).optimizer().learningRate());
        specs.forEach(spec -> assertEquals(7, spec.seed(), "the outer change reaches every variant"));
    }

    @Test
    void shouldLeaveAutoNullWithoutTheSection() {
        assertNull(ModelConfigLoader.parse(SPEC).auto());
    }

    @Test
    void shouldNameTheVariantWhoseSpecIsInvalid() {
        ConfigException e = assertThrows(ConfigException.class, () -> ModelConfigLoader.parse(
                SPEC + "auto: {variants: [{batch_size: 0, name: broken}]}\n"));
        assertTrue(e.getMessage().contains("auto variant 'broken'"), e.getMessage());
        assertTrue(e.getMessage().contains("batch_size"), e.getMessage());
    }

    @Test
    void shouldAcceptChampionAndChallengersBesideDelayedLabelsEveryVariantWaitingForThem() {
        ServiceConfig config = ModelConfigLoader.parse(
                SPEC.replace("kind: regression}", "kind: regression, label_ttl: 1h}") + "labels: {topics: [later]}\nauto: {variants: [{lr: 0.003}]}\n");

        assertEquals(List.of("later"), config.labels().topics());
        assertEquals(2, config.auto().specs().size());
        config.auto().specs().forEach(spec -> assertEquals(3_600_000, spec.tasks().get(0).labelWait().ttlMillis(),
                "every variant's task takes its labels later"));
    }
}
