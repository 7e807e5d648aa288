package io.streammtl.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The weighting, regularizers and per-task learning-rate keys: values read, and one error per bad value. */
class WeightingConfigTest {
    private static final String BASE = """
            features: [{name: a}, {name: b}]
            tasks:
              - {name: red, kind: regression}
              - {name: white, kind: regression}
              - {name: good, kind: binary}
              - {name: tier, kind: multiclass, classes: [x, y, z]}
            trunk: {layers: [8]}
            """;

    private static ModelConfig parse(String extra) {
        return ModelConfigLoader.parse(BASE + extra).model();
    }

    private static ConfigException error(String extra) {
        return assertThrows(ConfigException.class, () -> parse(extra));
    }

    @Test
    void shouldDefaultToStaticWeightsAndNoRegulariser() {
        ModelConfig config = parse("");
        assertEquals(WeightingKind.STATIC, config.weighting().kind());
        assertTrue(!config.regularizers().any());
        assertEquals(1.0, config.tasks().get(0).lrScale());
        assertEquals(1.0, config.tasks().get(0).trunkScale());
    }

    @Test
    void shouldReadEveryNewKey() {
        ModelConfig config = ModelConfigLoader.parse(BASE.replace("{name: red, kind: regression}",
                "{name: red, kind: regression, lr_scale: 2.5, trunk_scale: 0.25}") + """
                weighting: {kind: dwa, temperature: 3, window: 7}
                regularizers:
                  l1: {strength: 0.001, groups: [heads]}
                  l2: {strength: 0.01}
                  decoupled_decay: {strength: 0.1, groups: [trunk]}
                  nuclear: {strength: 0.5, tasks: [red, white, good]}
                  graph: {strength: 0.2, edges: [[red, white], [white, good]]}
                  prior: {strength: 1.5, tasks: [red, white], rate: 0.05, min_variance: 0.001}
                """).model();
        assertEquals(2.5, config.tasks().get(0).lrScale());
        assertEquals(0.25, config.tasks().get(0).trunkScale());
        assertEquals(new WeightingConfig(WeightingKind.DWA, 0.01, 1.5, 3, 7, 0.99), config.weighting());
        RegularizerConfig r = config.regularizers();
        assertEquals(new GroupPenalty(0.001, false, true), r.l1());
        assertEquals(new GroupPenalty(0.01, true, true), r.l2());
        assertEquals(new GroupPenalty(0.1, true, false), r.decoupledDecay());
        assertEquals(List.of("red", "white", "good"), r.nuclear().tasks());
        assertEquals(List.of(List.of("red", "white"), List.of("white", "good")), r.graph().edges());
        assertEquals(0.05, r.prior().rate());
        assertEquals(0.001, r.prior().minVariance());
        assertEquals(List.of("red", "white"), r.prior().tasks());
    }

    @Test
    void shouldCoupleAllTasksOfTheSameShapeByDefault() {
        String spec = BASE.replace("  - {name: tier, kind: multiclass, classes: [x, y, z]}\n", "")
                + "regularizers: {prior: {strength: 1}}\n";
        assertEquals(List.of("red", "white", "good"), ModelConfigLoader.parse(spec).model().regularizers().prior().tasks());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "weighting: {kind: magic}|weighting.kind: 'magic' is not one of static, uncertainty, gradnorm, dwa, loss_scale",
            "weighting: {kind: uncertainty, lr: 0}|weighting.lr: 0 is not a finite number > 0",
            "weighting: {kind: gradnorm, alpha: -1}|weighting.alpha: -1 is not a finite number ≥ 0",
            "weighting: {kind: dwa, temperature: 0}|weighting.temperature: 0 is not a finite number > 0",
            "weighting: {kind: dwa, window: 0}|weighting.window: 0 is out of range; expected 1 to 1000000 steps",
            "weighting: {kind: loss_scale, beta: 1}|weighting.beta: 1 is out of range; expected 0 ≤ value < 1",
            "weighting: {kind: static, lr: 0.1}|weighting.lr: not used by static (only by uncertainty and gradnorm)",
            "weighting: {kind: uncertainty, temperature: 2}|weighting.temperature: not used by uncertainty (only by dwa)",
            "weighting: {kind: dwa, alpha: 1}|weighting.alpha: not used by dwa (only by gradnorm)",
            "weighting: {kind: dwa, beta: 0.5}|weighting.beta: not used by dwa (only by loss_scale)",
            "weighting: {kind: static, speed: 1}|weighting.speed: unknown key; expected one of kind, lr, alpha, temperature, window, beta",
            "regularizers: {l3: {strength: 1}}|regularizers.l3: unknown key; expected one of l1, l2, decoupled_decay, nuclear, graph, prior",
            "regularizers: {l2: {}}|regularizers.l2.strength: missing; expected a finite number ≥ 0",
            "regularizers: {l1: {strength: -0.1}}|regularizers.l1.strength: -0.1 is not a finite number ≥ 0",
            "regularizers: {l2: {strength: 1, groups: [trunk, tails]}}|regularizers.l2.groups[1]: 'tails' is not one of trunk, heads",
            "regularizers: {decoupled_decay: {strength: 1, groups: []}}|regularizers.decoupled_decay.groups: empty; expected trunk and/or heads",
            "regularizers: {nuclear: {strength: 1, tasks: [red, pink]}}|regularizers.nuclear.tasks[1]: 'pink' is not a task; expected one of red, white, good, tier",
            "regularizers: {nuclear: {strength: 1, tasks: [red, red]}}|regularizers.nuclear.tasks[1]: 'red' is listed twice",
            "regularizers: {nuclear: {strength: 1, tasks: [red]}}|regularizers.nuclear.tasks: [red] couples fewer than two tasks",
            "regularizers: {nuclear: {strength: 1}}|regularizers.nuclear.tasks[3]: 'tier' has 3 outputs and 'red' 1; coupled heads must have the same shape",
            "regularizers: {graph: {strength: 1}}|regularizers.graph.edges: missing; expected a list of task pairs, e.g. [[a, b]]",
            "regularizers: {graph: {strength: 1, edges: [[red]]}}|regularizers.graph.edges[0]: [red] is not a pair of task names",
            "regularizers: {graph: {strength: 1, edges: [[red, red]]}}|regularizers.graph.edges[0]: 'red' is joined to itself",
            "regularizers: {graph: {strength: 1, edges: [[red, rose]]}}|regularizers.graph.edges[0][1]: 'rose' is not a task; expected one of red, white, good, tier",
            "regularizers: {graph: {strength: 1, edges: [[red, white], [white, red]]}}|regularizers.graph.edges[1]: the edge [white, red] is listed twice",
            "regularizers: {graph: {strength: 1, edges: [[red, tier]]}}|regularizers.graph.edges[0]: 'tier' has 3 outputs and 'red' 1; coupled heads must have the same shape",
            "regularizers: {prior: {strength: 1, tasks: [red, white], rate: 0}}|regularizers.prior.rate: 0 is out of range; expected 0 < value ≤ 1",
            "regularizers: {prior: {strength: 1, tasks: [red, white], min_variance: 0}}|regularizers.prior.min_variance: 0 is not a finite number > 0",
            "regularizers: {prior: {strength: 1, tasks: [red, white], edges: [[red, white]]}}|regularizers.prior.edges: unknown key; expected one of strength, tasks, rate, min_variance",
    })
    void shouldRejectBadValueNamingPath(String yaml, String message) {
        assertEquals(message, error(yaml + "\n").getMessage());
    }

    @Test
    void shouldRejectGradNormWithoutASharedLayer() {
        ConfigException e = assertThrows(ConfigException.class, () -> ModelConfigLoader.parse(
                BASE.replace("trunk: {layers: [8]}", "trunk: {layers: []}") + "weighting: {kind: gradnorm}\n"));
        assertEquals("weighting.kind: 'gradnorm' balances gradients at the last shared layer; trunk.layers is empty",
                e.getMessage());
    }

    @Test
    void shouldRejectNonPositiveLrScale() {
        ConfigException e = assertThrows(ConfigException.class, () -> ModelConfigLoader.parse(
                BASE.replace("{name: red, kind: regression}", "{name: red, kind: regression, lr_scale: 0}")));
        assertEquals("tasks[0].lr_scale: 0 is not a finite number > 0", e.getMessage());
    }

    @Test
    void shouldRejectNegativeTrunkScale() {
        ConfigException e = assertThrows(ConfigException.class, () -> ModelConfigLoader.parse(
                BASE.replace("{name: white, kind: regression}", "{name: white, kind: regression, trunk_scale: -1}")));
        assertEquals("tasks[1].trunk_scale: -1 is out of range; expected a finite number ≥ 0", e.getMessage());
    }

    @Test
    void shouldApplyOverridesBeforeValidating() {
        String spec = BASE + """
                weighting: {kind: dwa, temperature: 3}
                regularizers: {l2: {strength: 0.1}, graph: {strength: 1, edges: [[red, white]]}}
                """;
        ModelConfig changed = ModelConfigLoader.parse(spec, List.of(new ConfigOverride("weighting", "uncertainty"),
                new ConfigOverride("regularizer", "graph"), new ConfigOverride("tasks.white.lr_scale", "0.5"),
                new ConfigOverride("optimizer.lr", "0.003"), new ConfigOverride("seed", "9"))).model();
        assertEquals(WeightingConfig.of(WeightingKind.UNCERTAINTY), changed.weighting());
        assertTrue(!changed.regularizers().l2().enabled() && changed.regularizers().graph().enabled());
        assertEquals(0.5, changed.tasks().get(1).lrScale());
        assertEquals(0.003, changed.optimizer().learningRate());
        assertEquals(9, changed.seed());
        ModelConfig same = ModelConfigLoader.parse(spec, List.of(new ConfigOverride("weighting", "dwa"))).model();
        assertEquals(3.0, same.weighting().temperature(), "the spec's own block is kept for its own kind");
        assertTrue(!ModelConfigLoader.parse(spec, List.of(new ConfigOverride("regularizer", "none")))
                .model().regularizers().any());
    }

    @Test
    void shouldRejectOverrideOfARegulariserTheSpecDoesNotConfigure() {
        ConfigException e = assertThrows(ConfigException.class, () -> ModelConfigLoader.parse(BASE,
                List.of(new ConfigOverride("regularizer", "prior"))));
        assertEquals("regularizers.prior: 'prior' is not configured in the spec's regularizers, so there is nothing "
                + "to compare (set its strength there)", e.getMessage());
    }

    @Test
    void shouldValidateOverriddenValues() {
        ConfigException e = assertThrows(ConfigException.class, () -> ModelConfigLoader.parse(BASE,
                List.of(new ConfigOverride("tasks.red.lr_scale", "-2"))));
        assertEquals("tasks[0].lr_scale: -2 is not a finite number > 0", e.getMessage());
        ConfigException unknown = assertThrows(ConfigException.class, () -> ModelConfigLoader.parse(BASE,
                List.of(new ConfigOverride("tasks.pink.lr_scale", "2"))));
        assertEquals("tasks.pink.lr_scale: no entry named 'pink' under 'tasks'", unknown.getMessage());
    }
}
