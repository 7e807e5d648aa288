package io.streammtl.model.regularize;

import io.streammtl.compute.cpu.CpuCompute;
import io.streammtl.config.Activation;
import io.streammtl.config.DriftConfig;
import io.streammtl.config.HeadConfig;
import io.streammtl.config.LabelSource;
import io.streammtl.config.LossKind;
import io.streammtl.config.TaskConfig;
import io.streammtl.config.TaskKind;
import io.streammtl.config.TrunkConfig;
import io.streammtl.model.DenseLayer;
import io.streammtl.compute.DeviceBuffer;
import io.streammtl.model.MultiTaskNetwork;

import java.util.ArrayList;
import java.util.List;

/** A small three-task network and helpers to read and zero its parameters and gradients. */
final class RegularizerFixtures {
    private RegularizerFixtures() {
    }

    static List<TaskConfig> tasks(int count) {
        List<TaskConfig> tasks = new ArrayList<>();
        for (int t = 0; t < count; t++) {
            tasks.add(new TaskConfig("t" + t, TaskKind.REGRESSION, List.of(), LossKind.MSE, 1, 1,
                    new LabelSource.Column("y"), DriftConfig.none()));
        }
        return tasks;
    }

    static MultiTaskNetwork network(List<TaskConfig> tasks, List<Integer> headHidden, long seed) {
        return new MultiTaskNetwork(new CpuCompute(), 3, new TrunkConfig(List.of(5, 4), Activation.TANH),
                new HeadConfig(headHidden, Activation.TANH), tasks, 4, seed);
    }

    /** Every parameter matrix (weights and biases, trunk then heads) with its gradient. */
    static List<DeviceBuffer[]> parameters(MultiTaskNetwork net, int tasks) {
        List<DenseLayer> layers = new ArrayList<>(net.trunkLayers());
        for (int t = 0; t < tasks; t++) {
            layers.addAll(net.headLayers(t));
        }
        List<DeviceBuffer[]> out = new ArrayList<>();
        for (DenseLayer layer : layers) {
            out.add(new DeviceBuffer[] {layer.weights(), layer.weightGrad()});
            out.add(new DeviceBuffer[] {layer.bias(), layer.biasGrad()});
        }
        return out;
    }

    static void zeroGradients(MultiTaskNetwork net, int tasks) {
        for (DeviceBuffer[] p : parameters(net, tasks)) {
            net.compute().fill(p[1], 0f);
        }
    }
}
