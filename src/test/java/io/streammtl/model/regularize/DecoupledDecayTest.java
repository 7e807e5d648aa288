package io.streammtl.model.regularize;

import io.streammtl.compute.cpu.CpuCompute;
import io.streammtl.config.ModelConfig;
import io.streammtl.config.ModelConfigLoader;
import io.streammtl.model.DenseLayer;
import io.streammtl.compute.DeviceBuffer;
import io.streammtl.model.Buffers;
import io.streammtl.model.MultiTaskNetwork;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Decoupled weight decay after the step: w ← w·(1 − lr·s) on the chosen groups' weights of the heads that stepped. */
class DecoupledDecayTest {
    private static final String SPEC = """
            features: [{name: a}, {name: b}]
            tasks: [{name: u, kind: regression}, {name: v, kind: regression}, {name: w, kind: regression}]
            trunk: {layers: [4]}
            heads: {hidden: [3]}
            regularizers: {decoupled_decay: {strength: 0.5, groups: [%s]}}
            """;

    private static void check(String groups, boolean trunk, boolean heads) {
        ModelConfig config = ModelConfigLoader.parse(SPEC.formatted(groups)).model();
        MultiTaskNetwork net = new MultiTaskNetwork(new CpuCompute(), 2, config.trunk(), config.heads(), config.tasks(), 4, 1);
        List<DenseLayer> layers = new ArrayList<>(net.trunkLayers());
        for (int t = 0; t < 3; t++) {
            layers.addAll(net.headLayers(t));
        }
        List<float[]> weights = layers.stream().map(l -> Buffers.copy(net.compute(), l.weights())).toList();
        List<float[]> biases = layers.stream().map(l -> Buffers.copy(net.compute(), l.bias())).toList();
        boolean[] stepped = {true, false, true};
        double[] headScale = {1.0, 1.0, 0.5};

        new Regularizers(config, net).afterStep(stepped, 0.1, headScale);

        for (int i = 0; i < layers.size(); i++) {
            int head = i < 1 ? -1 : (i - 1) / 2;
            double factor = head < 0 ? (trunk ? 1 - 0.1 * 0.5 : 1)
                    : heads && stepped[head] ? 1 - 0.1 * headScale[head] * 0.5 : 1;
            DeviceBuffer w = layers.get(i).weights();
            for (int k = 0; k < w.size(); k++) {
                assertEquals((float) (weights.get(i)[k] * (float) factor), Buffers.get(net.compute(), w, k), 1e-7, "layer " + i + " entry " + k);
            }
            org.junit.jupiter.api.Assertions.assertArrayEquals(biases.get(i), Buffers.copy(net.compute(), layers.get(i).bias()),
                    "biases are not decayed");
        }
    }

    @Test
    void shouldDecayTrunkAndSteppedHeadsWithTheirLearningRates() {
        check("trunk, heads", true, true);
    }

    @Test
    void shouldDecayOnlyTheChosenGroup() {
        check("heads", false, true);
        check("trunk", true, false);
    }
}
