package io.streammtl.optim;

import java.nio.FloatBuffer;

/**
 * Stochastic gradient descent with optional heavy-ball or Nesterov momentum (Sutskever et al. 2013),
 * following PyTorch's SGD (no dampening; the velocity starts as the first gradient).
 */
final class Sgd implements Optimizer {
    private final double learningRate;
    private final float momentum;
    private final boolean nesterov;
    private final float weightDecay;

    Sgd(double learningRate, double momentum, boolean nesterov, double weightDecay) {
        this.learningRate = learningRate;
        this.momentum = (float) momentum;
        this.nesterov = nesterov;
        this.weightDecay = (float) weightDecay;
    }

    @Override
    public void step(ParameterGroup group, float gradientScale, double learningRateScale) {
        boolean first = group.steps() == 0;
        group.advance();
        float lr = (float) (learningRate * learningRateScale);
        for (Parameter p : group.parameters()) {
            FloatBuffer values = p.values();
            FloatBuffer gradient = p.gradient();
            float[] velocity = p.first();
            for (int i = 0, n = p.size(); i < n; i++) {
                float w = values.get(i);
                float g = gradient.get(i) * gradientScale + weightDecay * w;
                if (momentum != 0f) {
                    float u = first ? g : momentum * velocity[i] + g;
                    velocity[i] = u;
                    g = nesterov ? g + momentum * u : u;
                }
                values.put(i, w - lr * g);
            }
        }
    }
}
