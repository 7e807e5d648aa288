package io.streammtl.model;

import io.streammtl.config.Activation;

/**
 * A fully connected layer a = act(x·W + b) on micro-batches, with its parameters, gradients and
 * activation buffers preallocated for the largest batch.
 */
public final class DenseLayer {
    private final int inputs;
    private final int outputs;
    private final Activation activation;
    private final Matrix weights;
    private final Matrix bias;
    private final Matrix weightGrad;
    private final Matrix biasGrad;
    private final Matrix output;
    private final Matrix outputGrad;
    private final float[] columnSums;

    DenseLayer(int inputs, int outputs, Activation activation, int capacity) {
        this.inputs = inputs;
        this.outputs = outputs;
        this.activation = activation;
        this.weights = new Matrix(inputs, outputs);
        this.bias = new Matrix(1, outputs);
        this.weightGrad = new Matrix(inputs, outputs);
        this.biasGrad = new Matrix(1, outputs);
        this.output = new Matrix(capacity, outputs);
        this.outputGrad = new Matrix(capacity, outputs);
        this.columnSums = new float[outputs];
    }

    /** PyTorch's nn.Linear default: W and b uniform in ±1/sqrt(fan_in). */
    void initialize(java.util.SplittableRandom random) {
        double bound = 1.0 / Math.sqrt(inputs);
        for (int i = 0; i < weights.size(); i++) {
            weights.set(i, (float) ((random.nextDouble() * 2 - 1) * bound));
        }
        for (int i = 0; i < bias.size(); i++) {
            bias.set(i, (float) ((random.nextDouble() * 2 - 1) * bound));
        }
    }

    void forward(Matrix input, int rows) {
        Blas.gemm(false, false, rows, outputs, inputs, 1f, input, weights, 0f, output);
        ActivationFunction.addBiasAndActivate(activation, output.buffer(), bias.buffer(), rows, outputs);
    }

    /**
     * Back-propagates {@link #outputGrad()} (dL/da, overwritten with dL/dz): sets the parameter gradients
     * and, if {@code inputGrad} is given, writes dL/dx into it, adding to what is there when
     * {@code accumulate}.
     */
    void backward(Matrix input, int rows, Matrix inputGrad, boolean accumulate) {
        backward(input, rows, inputGrad, accumulate, 1f);
    }

    /** As {@link #backward(Matrix, int, Matrix, boolean)}, with dL/dx multiplied by {@code inputGradScale}. */
    void backward(Matrix input, int rows, Matrix inputGrad, boolean accumulate, float inputGradScale) {
        ActivationFunction.backward(activation, outputGrad.buffer(), output.buffer(), rows, outputs,
                biasGrad.buffer(), columnSums);
        Blas.gemm(true, false, inputs, outputs, rows, 1f, input, outputGrad, 0f, weightGrad);
        if (inputGrad != null) {
            Blas.gemm(false, true, rows, inputs, outputs, inputGradScale, outputGrad, weights, accumulate ? 1f : 0f,
                    inputGrad);
        }
    }

    public int inputs() {
        return inputs;
    }

    public int outputs() {
        return outputs;
    }

    public Matrix weights() {
        return weights;
    }

    public Matrix bias() {
        return bias;
    }

    public Matrix weightGrad() {
        return weightGrad;
    }

    public Matrix biasGrad() {
        return biasGrad;
    }

    Matrix output() {
        return output;
    }

    Matrix outputGrad() {
        return outputGrad;
    }
}
