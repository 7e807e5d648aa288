package io.streammtl.model.regularize;

import io.streammtl.model.DenseLayer;
import io.streammtl.model.Matrix;
import io.streammtl.model.MultiTaskNetwork;

import java.util.ArrayList;
import java.util.List;

/** A head's parameters as one flat vector θ_t (every layer's weights, then bias), with its gradient. */
final class HeadParameters {
    private final List<Matrix> values = new ArrayList<>();
    private final List<Matrix> gradients = new ArrayList<>();
    private final int size;

    HeadParameters(MultiTaskNetwork network, int task) {
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
        for (Matrix m : values) {
            for (int i = 0, n = m.size(); i < n; i++) {
                out[k++] = m.get(i);
            }
        }
    }

    /** Adds {@code delta} to the gradient of θ_t. */
    void addToGradient(double[] delta) {
        int k = 0;
        for (Matrix g : gradients) {
            for (int i = 0, n = g.size(); i < n; i++) {
                g.set(i, (float) (g.get(i) + delta[k++]));
            }
        }
    }
}
