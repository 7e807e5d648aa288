package io.streammtl.model;

import io.streammtl.compute.ComputeBackend;
import io.streammtl.compute.DeviceBuffer;
import io.streammtl.compute.cpu.CpuCompute;
import io.streammtl.config.Activation;
import io.streammtl.config.DriftConfig;
import io.streammtl.config.HeadConfig;
import io.streammtl.config.LabelSource;
import io.streammtl.config.LossKind;
import io.streammtl.config.TaskConfig;
import io.streammtl.config.TaskKind;
import io.streammtl.config.TrunkConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Central finite differences against the analytic gradients of every layer kind, head kind and loss. */
class GradientCheckTest {
    private static final int ROWS = 6;
    private static final int INPUTS = 4;
    private static final float STEP = 1e-2f;

    private static List<TaskConfig> allLossTasks() {
        return List.of(
                new TaskConfig("mse", TaskKind.REGRESSION, List.of(), LossKind.MSE, 1, 1.0, new LabelSource.Column("a"), DriftConfig.none()),
                new TaskConfig("huber", TaskKind.REGRESSION, List.of(), LossKind.HUBER, 0.3, 0.7,
                        new LabelSource.Column("a"), DriftConfig.none()),
                new TaskConfig("bin", TaskKind.BINARY, List.of(), LossKind.BCE, 1, 1.3, new LabelSource.Column("a"), DriftConfig.none()),
                new TaskConfig("multi", TaskKind.MULTICLASS, List.of("x", "y", "z"), LossKind.CROSS_ENTROPY, 1, 0.5,
                        new LabelSource.Column("a"), DriftConfig.none()));
    }

    /** A fixed problem: inputs, labels and a labeled mask with some rows unlabeled per task. */
    private record Problem(float[] x, float[][] labels, boolean[][] labeled) {
        static Problem of(List<TaskConfig> tasks, long seed, boolean partial) {
            SplittableRandom random = new SplittableRandom(seed);
            float[] x = new float[ROWS * INPUTS];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (random.nextDouble() * 2 - 1);
            }
            float[][] labels = new float[tasks.size()][ROWS];
            boolean[][] labeled = new boolean[tasks.size()][ROWS];
            for (int t = 0; t < tasks.size(); t++) {
                for (int r = 0; r < ROWS; r++) {
                    labeled[t][r] = !partial || (r + t) % 3 != 0;
                    labels[t][r] = switch (tasks.get(t).kind()) {
                        case REGRESSION -> (float) (random.nextDouble() * 4 - 2);
                        case BINARY -> random.nextInt(2);
                        case MULTICLASS -> random.nextInt(tasks.get(t).outputs());
                    };
                }
            }
            return new Problem(x, labels, labeled);
        }
    }

    private static double totalLoss(MultiTaskNetwork net, List<TaskConfig> tasks, Problem p, float[][] gradients) {
        net.forward(p.x(), ROWS);
        double total = 0;
        for (int t = 0; t < tasks.size(); t++) {
            float[] z = new float[ROWS * tasks.get(t).outputs()];
            net.headOutputs(t, z, ROWS);
            double loss = new TaskLoss(tasks.get(t)).lossAndGradient(z, p.labels()[t], p.labeled()[t], ROWS,
                    tasks.get(t).weight(), gradients[t]);
            if (!Double.isNaN(loss)) {
                total += tasks.get(t).weight() * loss;
            }
        }
        return total;
    }

    private static void check(Activation activation, List<Integer> headHidden, boolean partial) {
        List<TaskConfig> tasks = allLossTasks();
        MultiTaskNetwork net = new MultiTaskNetwork(new CpuCompute(), INPUTS, new TrunkConfig(List.of(5, 3), activation),
                new HeadConfig(headHidden, activation), tasks, ROWS, 11);
        Problem problem = Problem.of(tasks, 5, partial);
        float[][] gradients = new float[tasks.size()][];
        for (int t = 0; t < tasks.size(); t++) {
            gradients[t] = new float[ROWS * tasks.get(t).outputs()];
        }
        totalLoss(net, tasks, problem, gradients);
        boolean[] active = new boolean[tasks.size()];
        java.util.Arrays.fill(active, true);
        net.backward(gradients, active, ROWS);

        List<DenseLayer> layers = new ArrayList<>(net.trunkLayers());
        for (int t = 0; t < tasks.size(); t++) {
            layers.addAll(net.headLayers(t));
        }
        float[][] scratch = new float[tasks.size()][];
        for (int t = 0; t < tasks.size(); t++) {
            scratch[t] = new float[ROWS * tasks.get(t).outputs()];
        }
        int checked = 0;
        for (DenseLayer layer : layers) {
            checked += compare(net, tasks, problem, scratch, layer.weights(),
                    Buffers.copy(net.compute(), layer.weightGrad()));
            checked += compare(net, tasks, problem, scratch, layer.bias(),
                    Buffers.copy(net.compute(), layer.biasGrad()));
        }
        assertTrue(checked >= 67, "checked " + checked + " entries");
    }

    private static int compare(MultiTaskNetwork net, List<TaskConfig> tasks, Problem problem, float[][] scratch,
                               DeviceBuffer parameter, float[] analytic) {
        ComputeBackend compute = net.compute();
        for (int i = 0; i < parameter.size(); i++) {
            float original = Buffers.get(compute, parameter, i);
            Buffers.set(compute, parameter, i, original + STEP);
            double plus = totalLoss(net, tasks, problem, scratch);
            Buffers.set(compute, parameter, i, original - STEP);
            double minus = totalLoss(net, tasks, problem, scratch);
            Buffers.set(compute, parameter, i, original);
            double numeric = (plus - minus) / (2 * STEP);
            double tolerance = 2e-3 + 3e-2 * Math.abs(numeric);
            assertEquals(numeric, analytic[i], tolerance, "entry " + i + " of a parameter of " + parameter.size());
        }
        return parameter.size();
    }

    // ReLU has a kink at 0; a kink inside ±STEP is unlikely with these seeds, and any miss fails loudly.
    @ParameterizedTest
    @EnumSource(Activation.class)
    void shouldMatchFiniteDifferencesForEveryActivationAndLoss(Activation activation) {
        check(activation, List.of(), false);
    }

    @Test
    void shouldMatchFiniteDifferencesWithHiddenHeadLayers() {
        check(Activation.TANH, List.of(4), false);
    }

    @Test
    void shouldMatchFiniteDifferencesWithPartialLabels() {
        check(Activation.SIGMOID, List.of(3), true);
    }

    @Test
    void shouldGiveUnlabeledRowsZeroLossGradient() {
        TaskConfig task = allLossTasks().get(3);
        float[] z = {1, 2, 3, 0.5f, -1, 2};
        float[] gradient = new float[6];
        double loss = new TaskLoss(task).lossAndGradient(z, new float[] {2, 0}, new boolean[] {false, true}, 2, 1,
                gradient);
        assertEquals(0f, gradient[0]);
        assertEquals(0f, gradient[1]);
        assertEquals(0f, gradient[2]);
        double logSum = Math.log(Math.exp(0.5) + Math.exp(-1) + Math.exp(2));
        assertEquals(logSum - 0.5, loss, 1e-6);
    }
}
