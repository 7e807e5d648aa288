package io.streammtl.model.regularize;

import io.streammtl.config.GroupPenalty;
import io.streammtl.config.HeadCoupling;
import io.streammtl.config.TaskConfig;
import io.streammtl.compute.DeviceBuffer;
import io.streammtl.model.Buffers;
import io.streammtl.model.MultiTaskNetwork;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Central finite differences of every penalty's value against the gradient it adds. */
class PenaltyGradientCheckTest {
    private static final float STEP = 1e-2f;
    private static final int TASKS = 3;

    private final List<TaskConfig> tasks = RegularizerFixtures.tasks(TASKS);

    private void check(MultiTaskNetwork net, Penalty penalty, boolean[] active, boolean skipNearZero) {
        RegularizerFixtures.zeroGradients(net, TASKS);
        penalty.addGradient(active);
        int checked = 0;
        int inactiveSkipped = 0;
        List<DeviceBuffer[]> parameters = RegularizerFixtures.parameters(net, TASKS);
        int trunkMatrices = net.trunkLayers().size() * 2;
        int perHead = net.headLayers(0).size() * 2;
        for (int m = 0; m < parameters.size(); m++) {
            DeviceBuffer values = parameters.get(m)[0];
            DeviceBuffer gradient = parameters.get(m)[1];
            int head = m < trunkMatrices ? -1 : (m - trunkMatrices) / perHead;
            for (int i = 0; i < values.size(); i++) {
                float original = Buffers.get(net.compute(), values, i);
                if (head >= 0 && !active[head]) {
                    assertEquals(0f, Buffers.get(net.compute(), gradient, i), "an inactive head gets no penalty gradient");
                    inactiveSkipped++;
                    continue;
                }
                if (skipNearZero && Math.abs(original) < 2 * STEP) {
                    continue;
                }
                Buffers.set(net.compute(), values, i, original + STEP);
                double plus = penalty.value();
                Buffers.set(net.compute(), values, i, original - STEP);
                double minus = penalty.value();
                Buffers.set(net.compute(), values, i, original);
                double numeric = (plus - minus) / (2 * STEP);
                assertEquals(numeric, Buffers.get(net.compute(), gradient, i), 2e-3 * Math.max(1, Math.abs(numeric)),
                        "parameter matrix " + m + " entry " + i);
                checked++;
            }
        }
        assertTrue(checked > 20, "checked " + checked);
        if (!active[TASKS - 1]) {
            assertTrue(inactiveSkipped > 0);
        }
    }

    private MultiTaskNetwork net() {
        return RegularizerFixtures.network(tasks, List.of(2), 7);
    }

    @Test
    void shouldMatchFiniteDifferencesForL1() {
        MultiTaskNetwork net = net();
        check(net, new WeightPenalty(true, new GroupPenalty(0.3, true, true), net, TASKS),
                new boolean[] {true, true, false}, true);
    }

    @Test
    void shouldMatchFiniteDifferencesForL2() {
        MultiTaskNetwork net = net();
        check(net, new WeightPenalty(false, new GroupPenalty(0.7, true, true), net, TASKS),
                new boolean[] {true, false, true}, false);
    }

    @Test
    void shouldPenaliseOnlyTheChosenGroups() {
        MultiTaskNetwork net = net();
        WeightPenalty headsOnly = new WeightPenalty(false, new GroupPenalty(1, false, true), net, TASKS);
        RegularizerFixtures.zeroGradients(net, TASKS);
        headsOnly.addGradient(new boolean[] {true, true, true});
        DeviceBuffer trunkGrad = net.trunkLayers().get(0).weightGrad();
        for (int i = 0; i < trunkGrad.size(); i++) {
            assertEquals(0f, Buffers.get(net.compute(), trunkGrad, i));
        }
        assertEquals(0f, Buffers.get(net.compute(), net.headLayers(0).get(0).biasGrad(), 0), "biases are not penalised");
        check(net, headsOnly, new boolean[] {true, true, true}, false);
    }

    @Test
    void shouldMatchFiniteDifferencesForTaskGraph() {
        MultiTaskNetwork net = net();
        HeadCoupling graph = new HeadCoupling(0.4, List.of(), List.of(List.of("t0", "t1"), List.of("t1", "t2")), 0.01,
                1e-4);
        check(net, new GraphPenalty(graph, tasks, net), new boolean[] {true, true, true}, false);
        check(net, new GraphPenalty(graph, tasks, net), new boolean[] {true, true, false}, false);
    }

    @Test
    void shouldMatchFiniteDifferencesForGaussianPrior() {
        MultiTaskNetwork net = net();
        GaussianPrior prior = new GaussianPrior(new HeadCoupling(0.5, List.of("t0", "t1", "t2"), List.of(), 0.1, 1e-4),
                tasks, net);
        SplittableRandom random = new SplittableRandom(3);
        double[] mean = new double[net.headLayers(0).stream().mapToInt(l -> l.weights().size() + l.bias().size()).sum()];
        for (int k = 0; k < mean.length; k++) {
            mean[k] = random.nextDouble() - 0.5;
        }
        prior.set(mean, 0.3);
        check(net, prior, new boolean[] {true, false, true}, false);
    }

    @Test
    void shouldEstimatePriorMeanAndVarianceFromTheHeads() {
        MultiTaskNetwork net = net();
        GaussianPrior prior = new GaussianPrior(new HeadCoupling(1, List.of("t0", "t1"), List.of(), 0.5, 1e-6),
                tasks, net);
        assertEquals(0.0, prior.value(), "no prior before the first estimate");
        prior.estimate();
        double[] a = new double[new HeadParameters(net, 0).size()];
        double[] b = new double[a.length];
        new HeadParameters(net, 0).read(a);
        new HeadParameters(net, 1).read(b);
        double spread = 0;
        for (int k = 0; k < a.length; k++) {
            double d = (a[k] - b[k]) / 2;
            spread += 2 * d * d;
        }
        double variance = spread / (2.0 * a.length);
        assertEquals(variance, prior.variance(), 1e-12);
        // With θ̄ at the midpoint, the penalty is Σ‖θ_t − θ̄‖²/(2σ²) = (2·d·σ²)/(2σ²) = d.
        assertEquals(a.length, prior.value(), 1e-9);
    }
}
