package io.streammtl.model;

import io.streammtl.compute.cpu.CpuCompute;
import io.streammtl.config.ConfigOverride;
import io.streammtl.config.ModelConfig;
import io.streammtl.config.ModelConfigLoader;
import io.streammtl.model.train.MultiTaskTrainer;
import io.streammtl.optim.Parameter;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** tasks[i].lr_scale scales its head's step; tasks[i].trunk_scale scales its gradient into the trunk. */
class PerTaskRateTest {
    private static final String SPEC = """
            features: [{name: a}, {name: b}, {name: c}]
            tasks: [{name: u, kind: regression}, {name: v, kind: binary}]
            trunk: {layers: [5, 4], activation: tanh}
            optimizer: {kind: sgd, lr: 0.1}
            training: {batch_size: 6}
            """;
    private static final int ROWS = 6;

    /** v's head also reads u's output (no gradient back to u). */
    private static final String LINKED = SPEC.replace("{name: v, kind: binary}",
            "{name: v, kind: binary, inputs_from: {task: u}}");

    private static MultiTaskTrainer backend(ConfigOverride... overrides) {
        return backend(SPEC, overrides);
    }

    private static MultiTaskTrainer backend(String spec, ConfigOverride... overrides) {
        ModelConfig config = ModelConfigLoader.parse(spec, List.of(overrides)).model();
        return new MultiTaskTrainer(config, new CpuCompute(), config.training().batchSize());
    }

    private static float[] values(MultiTaskTrainer backend, int group) {
        List<Parameter> parameters = backend.network().groups().get(group).parameters();
        int size = parameters.stream().mapToInt(Parameter::size).sum();
        float[] out = new float[size];
        int k = 0;
        for (Parameter p : parameters) {
            float[] values = Buffers.copy(backend.network().compute(), p.values());
            System.arraycopy(values, 0, out, k, values.length);
            k += values.length;
        }
        return out;
    }

    private static void step(MultiTaskTrainer backend, boolean labelU, boolean labelV) {
        SplittableRandom random = new SplittableRandom(4);
        float[] x = new float[ROWS * 3];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextDouble() * 2 - 1);
        }
        float[][] labels = new float[2][ROWS];
        boolean[][] labeled = new boolean[2][ROWS];
        for (int r = 0; r < ROWS; r++) {
            labels[0][r] = (float) random.nextDouble();
            labels[1][r] = r % 2;
            labeled[0][r] = labelU;
            labeled[1][r] = labelV;
        }
        assertTrue(backend.train(x, ROWS, labels, labeled, new float[][] {new float[ROWS], new float[ROWS]}).applied());
    }

    private static float[] delta(float[] before, float[] after) {
        float[] out = new float[before.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = after[i] - before[i];
        }
        return out;
    }

    @Test
    void shouldScaleOnlyThatHeadsStepByItsLrScale() {
        MultiTaskTrainer plain = backend();
        MultiTaskTrainer scaled = backend(new ConfigOverride("tasks.u.lr_scale", "0.25"));
        float[][] before = {values(plain, 0), values(plain, 1), values(plain, 2)};
        step(plain, true, true);
        step(scaled, true, true);
        float[] plainHead = delta(before[1], values(plain, 1));
        float[] scaledHead = delta(before[1], values(scaled, 1));
        for (int i = 0; i < plainHead.length; i++) {
            assertEquals(0.25 * plainHead[i], scaledHead[i], 1e-7, "head u entry " + i);
        }
        org.junit.jupiter.api.Assertions.assertArrayEquals(values(plain, 0), values(scaled, 0), "trunk unchanged");
        org.junit.jupiter.api.Assertions.assertArrayEquals(values(plain, 2), values(scaled, 2), "head v unchanged");
    }

    @Test
    void shouldScaleATasksShareOfTheTrunkGradient() {
        // SGD is linear in the gradient: the trunk's step with scales (s_u, 1) is s_u·(u's step alone) + (v's step).
        MultiTaskTrainer onlyU = backend();
        MultiTaskTrainer onlyV = backend();
        MultiTaskTrainer both = backend(new ConfigOverride("tasks.u.trunk_scale", "0.3"));
        float[] start = values(both, 0);
        float[] headU = values(both, 1);
        step(onlyU, true, false);
        step(onlyV, false, true);
        step(both, true, true);
        float[] du = delta(start, values(onlyU, 0));
        float[] dv = delta(start, values(onlyV, 0));
        float[] d = delta(start, values(both, 0));
        for (int i = 0; i < d.length; i++) {
            assertEquals(0.3 * du[i] + dv[i], d[i], 1e-6, "trunk entry " + i);
        }
        float[] ownU = delta(headU, values(onlyU, 1));
        float[] ownBoth = delta(headU, values(both, 1));
        for (int i = 0; i < ownU.length; i++) {
            assertEquals(ownU[i], ownBoth[i], 1e-7, "the head's own step is not scaled");
        }
    }

    @Test
    void shouldLeaveTrunkAloneWhenTheOnlyLabeledTaskHasTrunkScaleZero() {
        MultiTaskTrainer backend = backend(new ConfigOverride("tasks.u.trunk_scale", "0"));
        float[] trunk = values(backend, 0);
        float[] head = values(backend, 1);
        step(backend, true, false);
        org.junit.jupiter.api.Assertions.assertArrayEquals(trunk, values(backend, 0));
        assertTrue(!java.util.Arrays.equals(head, values(backend, 1)), "its head still learns");
    }

    @Test
    void shouldLeaveTrunkAloneWhenALinkedHeadHasTrunkScaleZero() {
        MultiTaskTrainer backend = backend(LINKED, new ConfigOverride("tasks.v.trunk_scale", "0"));
        float[] trunk = values(backend, 0);
        float[] head = values(backend, 2);
        step(backend, false, true);
        org.junit.jupiter.api.Assertions.assertArrayEquals(trunk, values(backend, 0));
        assertTrue(!java.util.Arrays.equals(head, values(backend, 2)), "its head still learns");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void shouldComputeSharedGradientNormsOfEachTaskAlone(boolean linked) {
        ModelConfig config = ModelConfigLoader.parse(linked ? LINKED : SPEC).model();
        MultiTaskNetwork net = new MultiTaskNetwork(new CpuCompute(), 3, config.trunk(), config.heads(), config.tasks(), ROWS, 3,
                io.streammtl.model.NetworkInputs.of(config));
        SplittableRandom random = new SplittableRandom(8);
        float[] x = new float[ROWS * 3];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextDouble() * 2 - 1);
        }
        float[][] gradients = {new float[ROWS], new float[ROWS]};
        for (float[] g : gradients) {
            for (int r = 0; r < ROWS; r++) {
                g[r] = (float) (random.nextDouble() - 0.5);
            }
        }
        float[] scale = {0.5f, 2f};
        net.forward(x, ROWS);
        double[] norms = new double[2];
        net.sharedGradientNorms(gradients, new boolean[] {true, true}, ROWS, scale, norms);
        for (int t = 0; t < 2; t++) {
            boolean[] alone = {t == 0, t == 1};
            net.backward(gradients, alone, ROWS, scale);
            float[] g = Buffers.copy(net.compute(), net.trunkLayers().get(1).weightGrad());
            double sum = 0;
            for (float v : g) {
                sum += (double) v * v;
            }
            assertEquals(Math.sqrt(sum), norms[t], 1e-6 * Math.sqrt(sum), "task " + t);
        }
    }
}
