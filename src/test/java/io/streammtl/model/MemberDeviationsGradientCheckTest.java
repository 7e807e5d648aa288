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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Central finite differences against the analytic gradients of family members' output-layer deviations, their
 * shrinkage penalty, and what they pass back into the family head and the trunk.
 */
class MemberDeviationsGradientCheckTest {
    private static final int ROWS = 7;
    private static final float STEP = 1e-2f;
    private static final String[] KEYS = {"a", "b", null, "a", "c", "b", "a"};

    private static final String SPEC = """
            name: g
            features: [{name: u}, {name: v}, {name: w}]
            tasks:
              - {name: y, kind: regression, per: school, family: {shrink: 0.3}}
              - {name: k, kind: multiclass, classes: [l, m, h], per: school, family: {shrink: 0.1}}
              - {name: p, kind: binary}
            trunk: {layers: [5], activation: tanh}
            heads: {hidden: [4], activation: tanh}
            """;

    private record Problem(float[] x, float[][] labels, boolean[][] labeled) {
    }

    private static Problem problem(List<TaskConfig> tasks) {
        SplittableRandom random = new SplittableRandom(11);
        float[] x = new float[ROWS * 3];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextDouble() * 2 - 1);
        }
        float[][] labels = new float[tasks.size()][ROWS];
        boolean[][] labeled = new boolean[tasks.size()][ROWS];
        for (int t = 0; t < tasks.size(); t++) {
            for (int r = 0; r < ROWS; r++) {
                labeled[t][r] = (r + t) % 4 != 1;
                labels[t][r] = t == 1 ? random.nextInt(3) : t == 2 ? random.nextInt(2)
                        : (float) (random.nextDouble() * 2 - 1);
            }
        }
        return new Problem(x, labels, labeled);
    }

    private static double objective(MultiTaskNetwork net, MemberDeviations[] members, List<TaskConfig> tasks,
                                    Problem p, float[][] h, float[][] gradients, boolean[] active) {
        net.forward(p.x(), ROWS);
        double total = 0;
        for (int t = 0; t < tasks.size(); t++) {
            float[] z = new float[ROWS * tasks.get(t).outputs()];
            net.headOutputs(t, z, ROWS);
            if (members[t] != null) {
                net.lastLayerInputs(t, h[t], ROWS);
                members[t].addOutputs(h[t], z, ROWS);
                total += members[t].penalty();
            }
            total += new TaskLoss(tasks.get(t)).lossAndGradient(z, p.labels()[t], p.labeled()[t], ROWS, 1.0,
                    gradients[t]);
            active[t] = true;
        }
        return total;
    }

    private static int check(String spec) {
        ModelConfig config = ModelConfigLoader.parse(spec).model();
        List<TaskConfig> tasks = config.tasks();
        MultiTaskNetwork net = new MultiTaskNetwork(new CpuCompute(), config.inputWidth(), config.trunk(),
                config.heads(), tasks, ROWS, 5);
        Problem problem = problem(tasks);
        MemberDeviations[] members = new MemberDeviations[tasks.size()];
        float[][] h = new float[tasks.size()][];
        SplittableRandom random = new SplittableRandom(2);
        for (int t = 0; t < tasks.size(); t++) {
            if (tasks.get(t).isFamily()) {
                int width = net.lastLayerWidth(t);
                members[t] = new MemberDeviations(tasks.get(t).family(), width, tasks.get(t).outputs(), ROWS,
                        config.optimizer());
                members[t].bind(KEYS, problem.labeled()[t], ROWS);
                h[t] = new float[ROWS * width];
                for (String key : members[t].keys()) {
                    for (float[] values : List.of(members[t].buffers(key)[0], members[t].buffers(key)[1])) {
                        for (int i = 0; i < values.length; i++) {
                            values[i] = (float) (random.nextDouble() - 0.5);
                        }
                    }
                }
            }
        }
        float[][] gradients = new float[tasks.size()][];
        float[][] scratch = new float[tasks.size()][];
        for (int t = 0; t < tasks.size(); t++) {
            gradients[t] = new float[ROWS * tasks.get(t).outputs()];
            scratch[t] = new float[ROWS * tasks.get(t).outputs()];
        }
        boolean[] active = new boolean[tasks.size()];
        objective(net, members, tasks, problem, h, gradients, active);
        for (int t = 0; t < tasks.size(); t++) {
            if (members[t] != null) {
                float[] hGrad = new float[h[t].length];
                members[t].backward(h[t], gradients[t], ROWS, hGrad);
                net.addLastLayerInputGradient(t, hGrad, ROWS);
            }
        }
        net.backward(gradients, active, ROWS);
        int checked = 0;
        for (ParameterGroup group : net.groups()) {
            for (Parameter parameter : group.parameters()) {
                float[] analytic = Buffers.copy(net.compute(), parameter.gradient());
                FloatBuffer values = net.compute().hostView(parameter.values());
                for (int i = 0; i < parameter.size(); i++) {
                    float original = values.get(i);
                    values.put(i, original + STEP);
                    double plus = objective(net, members, tasks, problem, h, scratch, new boolean[tasks.size()]);
                    values.put(i, original - STEP);
                    double minus = objective(net, members, tasks, problem, h, scratch, new boolean[tasks.size()]);
                    values.put(i, original);
                    double numeric = (plus - minus) / (2 * STEP);
                    assertEquals(numeric, analytic[i], 2e-3 + 3e-2 * Math.abs(numeric),
                            parameter.name() + "[" + i + "]");
                    checked++;
                }
            }
        }
        for (int t = 0; t < tasks.size(); t++) {
            if (members[t] == null) {
                continue;
            }
            for (String key : members[t].keys()) {
                float[][] buffers = members[t].buffers(key);
                for (int part = 0; part < 2; part++) {
                    float[] values = buffers[part];
                    float[] analytic = buffers[part + 2].clone();
                    for (int i = 0; i < values.length; i++) {
                        float original = values[i];
                        values[i] = original + STEP;
                        double plus = objective(net, members, tasks, problem, h, scratch, new boolean[tasks.size()]);
                        values[i] = original - STEP;
                        double minus = objective(net, members, tasks, problem, h, scratch,
                                new boolean[tasks.size()]);
                        values[i] = original;
                        double numeric = (plus - minus) / (2 * STEP);
                        assertEquals(numeric, analytic[i], 2e-3 + 3e-2 * Math.abs(numeric),
                                tasks.get(t).name() + "/" + key + (part == 0 ? ".ΔW[" : ".Δb[") + i + "]");
                        checked++;
                    }
                }
            }
        }
        return checked;
    }

    @Test
    void shouldMatchFiniteDifferencesThroughHiddenHeadLayers() {
        assertTrue(check(SPEC) > 150, "trunk, heads and 6 members");
    }

    @Test
    void shouldMatchFiniteDifferencesWithLinearHeads() {
        assertTrue(check(SPEC.replace("heads: {hidden: [4], activation: tanh}", "")) > 60);
    }
}
