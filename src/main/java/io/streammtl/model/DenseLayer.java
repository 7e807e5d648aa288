package io.streammtl.model;

import io.streammtl.compute.ComputeBackend;
import io.streammtl.compute.DeviceBuffer;
import io.streammtl.config.Activation;
import io.streammtl.optim.Parameter;

import java.nio.FloatBuffer;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A fully connected layer a = act(x·W + b) on micro-batches (row-major, W is inputs × outputs), its parameters,
 * gradients and activations preallocated for the largest batch in the compute backend's memory.
 */
public final class DenseLayer {
    private final ComputeBackend compute;
    private final int inputs;
    private final int outputs;
    private final Activation activation;
    private final DeviceBuffer weights;
    private final DeviceBuffer bias;
    private final DeviceBuffer weightGrad;
    private final DeviceBuffer biasGrad;
    private final DeviceBuffer output;
    private final DeviceBuffer outputGrad;

    DenseLayer(ComputeBackend compute, int inputs, int outputs, Activation activation, int capacity) {
        this.compute = compute;
        this.inputs = inputs;
        this.outputs = outputs;
        this.activation = activation;
        this.weights = compute.allocate(inputs * outputs);
        this.bias = compute.allocate(outputs);
        this.weightGrad = compute.allocate(inputs * outputs);
        this.biasGrad = compute.allocate(outputs);
        this.output = compute.allocate(capacity * outputs);
        this.outputGrad = compute.allocate(capacity * outputs);
    }

    /** PyTorch's nn.Linear default: W and b uniform in ±1/sqrt(fan_in). */
    void initialize(SplittableRandom random) {
        double bound = 1.0 / Math.sqrt(inputs);
        FloatBuffer w = compute.hostView(weights);
        for (int i = 0; i < weights.size(); i++) {
            w.put(i, (float) ((random.nextDouble() * 2 - 1) * bound));
        }
        FloatBuffer b = compute.hostView(bias);
        for (int i = 0; i < bias.size(); i++) {
            b.put(i, (float) ((random.nextDouble() * 2 - 1) * bound));
        }
        compute.commitHostView(weights);
        compute.commitHostView(bias);
    }

    void forward(DeviceBuffer input, int rows) {
        compute.gemm(false, false, rows, outputs, inputs, 1f, input, weights, 0f, output);
        compute.addBiasAndActivate(activation, output, bias, rows, outputs);
    }

    /**
     * Back-propagates {@link #outputGrad()} (dL/da, overwritten with dL/dz): sets the parameter gradients
     * and, if {@code inputGrad} is given, writes dL/dx into it, adding to what is there when
     * {@code accumulate}.
     */
    void backward(DeviceBuffer input, int rows, DeviceBuffer inputGrad, boolean accumulate) {
        backward(input, rows, inputGrad, accumulate, 1f);
    }

    /** As {@link #backward(DeviceBuffer, int, DeviceBuffer, boolean)}, with dL/dx multiplied by {@code inputGradScale}. */
    void backward(DeviceBuffer input, int rows, DeviceBuffer inputGrad, boolean accumulate, float inputGradScale) {
        compute.activationBackward(activation, outputGrad, output, rows, outputs, biasGrad);
        compute.gemm(true, false, inputs, outputs, rows, 1f, input, outputGrad, 0f, weightGrad);
        if (inputGrad != null) {
            compute.gemm(false, true, rows, inputs, outputs, inputGradScale, outputGrad, weights,
                    accumulate ? 1f : 0f, inputGrad);
        }
    }

    /** Its weights and bias as optimiser parameters named {@code prefix}.W and {@code prefix}.b. */
    List<Parameter> parameters(String prefix) {
        return List.of(new Parameter(prefix + ".W", weights, weightGrad, compute),
                new Parameter(prefix + ".b", bias, biasGrad, compute));
    }

    public int inputs() {
        return inputs;
    }

    public int outputs() {
        return outputs;
    }

    public DeviceBuffer weights() {
        return weights;
    }

    public DeviceBuffer bias() {
        return bias;
    }

    public DeviceBuffer weightGrad() {
        return weightGrad;
    }

    public DeviceBuffer biasGrad() {
        return biasGrad;
    }

    DeviceBuffer output() {
        return output;
    }

    DeviceBuffer outputGrad() {
        return outputGrad;
    }
}
