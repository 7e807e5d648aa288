package io.streammtl.model;

import io.streammtl.compute.cpu.CpuCompute;
import io.streammtl.config.ModelConfig;
import io.streammtl.config.ModelConfigLoader;
import io.streammtl.config.TaskConfig;
import io.streammtl.optim.Parameter;
import io.streammtl.optim.ParameterGroup;
import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Central finite differences against the analytic gradients of input projections, embedding tables, heads that
 * read other heads and the coherence penalty. A link without gradient is a stop-gradient (the source's output is
 * a constant to the reader), which finite differences of the whole objective do not see; it is checked by which
 * heads train.
 */
class TaskInputsGradientCheckTest {
    private static final int ROWS = 7;
    private static final float STEP = 1e-2f;
    private static final double THRESHOLD = 0.3;
    private static final double TEMPERATURE = 0.7;
    private static final double GAMMA = 0.8;

    static final String SPEC = """
            name: g
            features:
              - {name: a, missing: impute}
              - {name: b}
              - {name: city, type: categorical, vocabulary: [x, y], encoding: embedding, embedding_dim: 3, missing: impute}
              - {name: color, type: categorical, vocabulary: [r, g]}
            tasks:
              - {name: price, kind: regression, features: [a, city]}
              - {name: good, kind: binary, features: [a, b, color], inputs_from: {task: price, gradient: true}}
              - {name: tier, kind: multiclass, classes: [l, m, h], inputs_from: {task: good, gradient: true}}
            projection: {width: 4}
            coherence:
              - {tasks: [good, price], threshold: 0.3, temperature: 0.7, weight: 0.8}
            trunk: {layers: [5, 3], activation: tanh}
            heads: {hidden: [3], activation: tanh}
            """;

    private record Problem(float[] x, int[] groups, float[][] labels, boolean[][] labeled) {
    }

    private static Problem problem(ModelConfig config, boolean coherenceOnly) {
        SplittableRandom random = new SplittableRandom(3);
        int inputs = config.inputWidth();
        float[] x = new float[ROWS * inputs];
        int[] groups = new int[ROWS];
        for (int r = 0; r < ROWS; r++) {
            int base = r * inputs;
            x[base] = (float) (random.nextDouble() * 2 - 1);
            x[base + 1] = r == 2 ? 1 : 0;          // a's missing indicator
            x[base + 2] = (float) (random.nextDouble() * 2 - 1);
            x[base + 3] = r % 4;                    // city bucket: x, y, OOV, missing
            x[base + 4 + r % 3] = 1;                // color one-hot
            groups[r] = r % 3;
        }
        List<TaskConfig> tasks = config.tasks();
        float[][] labels = new float[tasks.size()][ROWS];
        boolean[][] labeled = new boolean[tasks.size()][ROWS];
        for (int t = 0; t < tasks.size(); t++) {
            for (int r = 0; r < ROWS; r++) {
                labeled[t][r] = !coherenceOnly && (r + t) % 3 != 0;
                labels[t][r] = switch (tasks.get(t).kind()) {
                    case REGRESSION -> (float) (random.nextDouble() * 2 - 1);
                    case BINARY -> random.nextInt(2);
                    case MULTICLASS -> random.nextInt(3);
                };
            }
        }
        return new Problem(x, groups, labels, labeled);
    }

    /** Total objective; fills {@code gradients} with dObjective/dz and {@code active} with the heads that carry loss. */
    private static double objective(MultiTaskNetwork net, List<TaskConfig> tasks, Problem p, float[][] gradients,
                                    boolean[] active) {
        net.forward(p.x(), ROWS, p.groups());
        float[][] z = new float[tasks.size()][];
        double total = 0;
        for (int t = 0; t < tasks.size(); t++) {
            z[t] = new float[ROWS * tasks.get(t).outputs()];
            net.headOutputs(t, z[t], ROWS);
            double loss = new TaskLoss(tasks.get(t)).lossAndGradient(z[t], p.labels()[t], p.labeled()[t], ROWS,
                    tasks.get(t).weight(), gradients[t]);
            active[t] = !Double.isNaN(loss);
            if (active[t]) {
                total += tasks.get(t).weight() * loss;
            }
        }
        total += CoherencePenalty.addGradient(z[1], z[0], ROWS, THRESHOLD, TEMPERATURE, GAMMA, gradients[1],
                gradients[0]);
        active[0] = true;
        active[1] = true;
        return total;
    }

    private static int check(boolean coherenceOnly) {
        return check(SPEC, coherenceOnly);
    }

    private static int check(String spec, boolean coherenceOnly) {
        ModelConfig config = ModelConfigLoader.parse(spec).model();
        List<TaskConfig> tasks = config.tasks();
        MultiTaskNetwork net = new MultiTaskNetwork(new CpuCompute(), config.inputWidth(), config.trunk(), config.heads(), tasks, ROWS,
                5, NetworkInputs.of(config));
        Problem problem = problem(config, coherenceOnly);
        float[][] gradients = new float[tasks.size()][];
        float[][] scratch = new float[tasks.size()][];
        for (int t = 0; t < tasks.size(); t++) {
            gradients[t] = new float[ROWS * tasks.get(t).outputs()];
            scratch[t] = new float[ROWS * tasks.get(t).outputs()];
        }
        boolean[] active = new boolean[tasks.size()];
        objective(net, tasks, problem, gradients, active);
        net.backward(gradients, active, ROWS);
        int checked = 0;
        for (ParameterGroup group : net.groups()) {
            if (group.name().equals("head.tier") && coherenceOnly) {
                continue; // no label and no gradient: its gradient buffers are stale by contract
            }
            for (Parameter parameter : group.parameters()) {
                float[] analytic = Buffers.copy(net.compute(), parameter.gradient());
                FloatBuffer values = net.compute().hostView(parameter.values());
                for (int i = 0; i < parameter.size(); i++) {
                    float original = values.get(i);
                    values.put(i, original + STEP);
                    double plus = objective(net, tasks, problem, scratch, new boolean[tasks.size()]);
                    values.put(i, original - STEP);
                    double minus = objective(net, tasks, problem, scratch, new boolean[tasks.size()]);
                    values.put(i, original);
                    double numeric = (plus - minus) / (2 * STEP);
                    assertEquals(numeric, analytic[i], 2e-3 + 3e-2 * Math.abs(numeric),
                            parameter.name() + "[" + i + "]");
                    checked++;
                }
            }
        }
        return checked;
    }

    @Test
    void shouldMatchFiniteDifferencesThroughProjectionsEmbeddingsLinkedHeadsAndCoherence() {
        int checked = check(false);
        assertTrue(checked > 150, "checked " + checked);
    }

    @Test
    void shouldMatchFiniteDifferencesOfEmbeddingsWithoutProjections() {
        String spec = SPEC.replace(", features: [a, city]", "").replace(", features: [a, b, color]", "")
                .replace("projection: {width: 4}\n", "");
        assertTrue(check(spec, false) > 100);
    }

    @Test
    void shouldMatchFiniteDifferencesWithoutTrunkLayers() {
        assertTrue(check(SPEC.replace("layers: [5, 3]", "layers: []"), false) > 60);
    }

    @Test
    void shouldMatchFiniteDifferencesOfTheCoherencePenaltyAlone() {
        assertTrue(check(true) > 100);
    }

    @Test
    void shouldGiveEveryProjectionAndEmbeddingAGroupAndTrainTheSourceOnlyWhenAsked() {
        ModelConfig config = ModelConfigLoader.parse(SPEC.replace("{task: good, gradient: true}", "{task: good}")).model();
        MultiTaskNetwork net = new MultiTaskNetwork(new CpuCompute(), config.inputWidth(), config.trunk(), config.heads(),
                config.tasks(), ROWS, 5, NetworkInputs.of(config));
        List<String> names = net.groups().stream().map(ParameterGroup::name).toList();
        assertEquals(List.of("trunk", "head.price", "head.good", "head.tier", "projection.0", "projection.1",
                "projection.2", "embedding.city"), names);
        assertEquals(3, net.projections());
        assertEquals(4 * 3, net.embeddingTables().get(0).size(), "x, y, OOV and missing buckets of dimension 3");
        // Only tier is labeled: it reads good without gradient, so good (and price behind it) get none.
        Problem p = problem(config, true);
        float[][] gradients = new float[3][];
        for (int t = 0; t < 3; t++) {
            gradients[t] = new float[ROWS * config.tasks().get(t).outputs()];
        }
        net.forward(p.x(), ROWS, p.groups());
        gradients[2][0] = 1f;
        net.backward(gradients, new boolean[] {false, false, true}, ROWS);
        assertTrue(net.headTrained(2));
        assertFalse(net.headTrained(1), "tier reads good with gradient: false");
        assertFalse(net.headTrained(0));
        // Only good is labeled: it reads price with gradient, so price trains too.
        net.backward(gradients, new boolean[] {false, true, false}, ROWS);
        assertTrue(net.headTrained(0));
        assertFalse(net.headTrained(2));
    }

    @Test
    void shouldRouteEachRowThroughItsOwnProjection() {
        ModelConfig config = ModelConfigLoader.parse(SPEC).model();
        MultiTaskNetwork net = new MultiTaskNetwork(new CpuCompute(), config.inputWidth(), config.trunk(), config.heads(),
                config.tasks(), ROWS, 5, NetworkInputs.of(config));
        Problem p = problem(config, false);
        int[] groups = new int[ROWS];
        groups[3] = 2;
        net.forward(p.x(), ROWS, groups);
        assertEquals(ROWS - 1, net.projectionRows(0));
        assertEquals(0, net.projectionRows(1));
        assertEquals(1, net.projectionRows(2));
        float[] z = new float[ROWS];
        net.headOutputs(0, z, ROWS);
        float before = z[3];
        // Changing b (not in price's set 0) must not move rows of set 0, but moves the row of set 2 (all features).
        float[] x = p.x().clone();
        int inputs = config.inputWidth();
        for (int r = 0; r < ROWS; r++) {
            x[r * inputs + 2] += 5;
        }
        net.forward(x, ROWS, groups);
        float[] after = new float[ROWS];
        net.headOutputs(0, after, ROWS);
        for (int r = 0; r < ROWS; r++) {
            if (r == 3) {
                assertTrue(Math.abs(after[r] - before) > 1e-6, "row of the all-features set reads b");
            } else {
                assertEquals(z[r], after[r], 0f, "row " + r + " of set 0 does not read b");
            }
        }
    }
}
