package io.streammtl.model;

import io.streammtl.compute.ComputeBackend;
import io.streammtl.compute.DeviceBuffer;
import io.streammtl.config.Activation;
import io.streammtl.config.HeadConfig;
import io.streammtl.optim.Parameter;
import io.streammtl.optim.ParameterGroup;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** One task's head: hidden dense layers and a linear output layer, with its parameters as one optimiser group. */
public final class Head {
    private final DenseLayer[] layers;
    private final ParameterGroup group;
    private final ComputeBackend compute;

    /**
     * A head reading {@code inputs} columns, with {@code config}'s hidden layers and {@code outputs} raw outputs,
     * initialised from {@code random} input side first; its group is named {@code name}.
     */
    Head(ComputeBackend compute, String name, int inputs, HeadConfig config, int outputs, int capacity,
         SplittableRandom random) {
        this.compute = compute;
        List<Integer> hidden = config.hidden();
        this.layers = new DenseLayer[hidden.size() + 1];
        int width = inputs;
        for (int i = 0; i <= hidden.size(); i++) {
            boolean last = i == hidden.size();
            int out = last ? outputs : hidden.get(i);
            layers[i] = new DenseLayer(compute, width, out, last ? Activation.IDENTITY : config.activation(),
                    capacity);
            layers[i].initialize(random);
            width = out;
        }
        this.group = groupOf(compute, name, layers);
    }

    /** The optimiser group of {@code layers}: W and b of each layer, input side first. */
    static ParameterGroup groupOf(ComputeBackend compute, String name, DenseLayer[] layers) {
        List<Parameter> parameters = new ArrayList<>();
        for (int i = 0; i < layers.length; i++) {
            parameters.addAll(layers[i].parameters(name + "." + i));
        }
        return new ParameterGroup(name, parameters, compute);
    }

    /** Draws fresh parameters from {@code random} (the optimiser state is the caller's to reset). */
    void initialize(SplittableRandom random) {
        for (DenseLayer layer : layers) {
            layer.initialize(random);
        }
    }

    void forward(DeviceBuffer input, int rows) {
        DeviceBuffer current = input;
        for (DenseLayer layer : layers) {
            layer.forward(current, rows);
            current = layer.output();
        }
    }

    /**
     * Back-propagates {@link #outputGrad()} through every layer; dL/d(input), multiplied by {@code inputGradScale},
     * goes into {@code inputGrad} (if given), added to what is there when {@code accumulate}.
     */
    void backward(DeviceBuffer input, int rows, DeviceBuffer inputGrad, boolean accumulate, float inputGradScale) {
        backward(input, rows, inputGrad, accumulate, inputGradScale, null);
    }

    /**
     * As above, with {@code lastInputGrad} (null: none), a further dL/d(input of the output layer) from outside the
     * head (family members' deviations), added to what the output layer passes back.
     */
    void backward(DeviceBuffer input, int rows, DeviceBuffer inputGrad, boolean accumulate, float inputGradScale,
                  DeviceBuffer lastInputGrad) {
        for (int i = layers.length - 1; i >= 0; i--) {
            DeviceBuffer layerInput = i == 0 ? input : layers[i - 1].output();
            DeviceBuffer layerInputGrad = i == 0 ? inputGrad : layers[i - 1].outputGrad();
            float scale = i == 0 ? inputGradScale : 1f;
            layers[i].backward(layerInput, rows, layerInputGrad, i == 0 && accumulate, scale);
            if (i == layers.length - 1 && lastInputGrad != null && layerInputGrad != null) {
                int width = layers[i].inputs();
                compute.addColumns(lastInputGrad, width, 0, layerInputGrad, width, 0, width, rows, scale);
            }
        }
    }

    /** The input of the output layer in the last forward pass: {@code input}, or the last hidden layer's output. */
    DeviceBuffer lastLayerInput(DeviceBuffer input) {
        return layers.length == 1 ? input : layers[layers.length - 2].output();
    }

    /** The raw outputs z of the last forward pass. */
    DeviceBuffer output() {
        return layers[layers.length - 1].output();
    }

    /** Where dL/dz goes before {@link #backward}. */
    DeviceBuffer outputGrad() {
        return layers[layers.length - 1].outputGrad();
    }

    int outputs() {
        return layers[layers.length - 1].outputs();
    }

    List<DenseLayer> layers() {
        return List.of(layers);
    }

    ParameterGroup group() {
        return group;
    }
}
