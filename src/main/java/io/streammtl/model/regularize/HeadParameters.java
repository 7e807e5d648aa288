package io.streammtl.model.regularize;

import io.streammtl.compute.ComputeBackend;
import io.streammtl.compute.DeviceBuffer;
import io.streammtl.model.DenseLayer;
import io.streammtl.model.MultiTaskNetwork;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A head's parameters as one flat vector θ_t (every layer's weights, then bias), with its gradient; read and changed
 * through host views of the backend's buffers.
 */
final class HeadParameters {
    private final ComputeBackend compute;
    private final List<DeviceBuffer> values = new ArrayList<>();
    private final List<DeviceBuffer> gradients = new ArrayList<>();
    private final int size;

    HeadParameters(MultiTaskNetwork network, int task) {
        this.compute = network.compute();
        int n = 0;
        for (DenseLayer layer : network.headLayers(task)) {
            values.add(layer.weights());
            gradients.add(layer.weightGrad());
            values.add(layer.bias());
            gradients.add(layer.biasGrad());
            n += layer.weights().size() + layer.bias().size();
        }
        this.size = n;
    }

    int size() {
        return size;
    }

    /** Copies θ_t into {@code out}. */
    void read(double[] out) {
        int k = 0;
        for (DeviceBuffer m : values) {
            FloatBuffer view = compute.hostView(m);
            for (int i = 0, n = m.size(); i < n; i++) {
                out[k++] = view.get(i);
            }
        }
    }

    /** Adds {@code delta} to the gradient of θ_t. */
    void addToGradient(double[] delta) {
        int k = 0;
        for (DeviceBuffer g : gradients) {
            FloatBuffer view = compute.hostView(g);
            for (int i = 0, n = g.size(); i < n; i++) {
                view.put(i, (float) (view.get(i) + delta[k++]));
            }
            compute.commitHostView(g);
        }
    }
}
