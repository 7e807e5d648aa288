package io.streammtl.optim;

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
            group.compute().sgd(p.values(), p.gradient(), p.first(), p.size(), gradientScale, lr, weightDecay,
                    momentum, nesterov, first);
        }
    }
}
