package io.streammtl.model.regularize;

import io.streammtl.compute.ComputeBackend;
import io.streammtl.compute.DeviceBuffer;
import io.streammtl.config.GroupPenalty;
import io.streammtl.model.DenseLayer;
import io.streammtl.model.MultiTaskNetwork;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * L1 ({@code s·Σ|w|}, subgradient s·sign(w), 0 at 0) or coupled L2 ({@code s/2·Σw²}, gradient s·w) on the weight
 * matrices (not the biases) of the trunk and/or the heads.
 */
final class WeightPenalty implements Penalty {
    private final ComputeBackend compute;
    private final boolean l1;
    private final double strength;
    private final List<DenseLayer> trunk;
    private final List<List<DenseLayer>> heads = new ArrayList<>();

    WeightPenalty(boolean l1, GroupPenalty config, MultiTaskNetwork network, int tasks) {
        this.compute = network.compute();
        this.l1 = l1;
        this.strength = config.strength();
        this.trunk = config.trunk() ? network.trunkLayers() : List.of();
        for (int t = 0; t < tasks; t++) {
            heads.add(config.heads() ? network.headLayers(t) : List.of());
        }
    }

    @Override
    public double value() {
        double sum = 0;
        for (DenseLayer layer : trunk) {
            sum += sum(layer.weights());
        }
        for (List<DenseLayer> head : heads) {
            for (DenseLayer layer : head) {
                sum += sum(layer.weights());
            }
        }
        return l1 ? strength * sum : 0.5 * strength * sum;
    }

    private double sum(DeviceBuffer weights) {
        FloatBuffer w = compute.hostView(weights);
        double sum = 0;
        for (int i = 0, n = weights.size(); i < n; i++) {
            double v = w.get(i);
            sum += l1 ? Math.abs(v) : v * v;
        }
        return sum;
    }

    @Override
    public void addGradient(boolean[] activeHeads) {
        for (DenseLayer layer : trunk) {
            add(layer);
        }
        for (int t = 0; t < heads.size(); t++) {
            if (activeHeads[t]) {
                for (DenseLayer layer : heads.get(t)) {
                    add(layer);
                }
            }
        }
    }

    private void add(DenseLayer layer) {
        FloatBuffer w = compute.hostView(layer.weights());
        FloatBuffer g = compute.hostView(layer.weightGrad());
        float s = (float) strength;
        for (int i = 0, n = layer.weights().size(); i < n; i++) {
            float v = w.get(i);
            g.put(i, g.get(i) + (l1 ? s * Math.signum(v) : s * v));
        }
        compute.commitHostView(layer.weightGrad());
    }
}
