package io.streammtl.optim;

import io.streammtl.config.OptimizerConfig;

/** An update rule applied to one parameter group; all its state lives in the group. */
public interface Optimizer {
    /**
     * Applies one step to {@code group} using its gradients multiplied by {@code gradientScale} (clipping),
     * with the learning rate multiplied by {@code learningRateScale}, and advances the group's step count.
     */
    void step(ParameterGroup group, float gradientScale, double learningRateScale);

    /** The optimiser a config asks for. */
    static Optimizer of(OptimizerConfig config) {
        return switch (config.kind()) {
            case SGD -> new Sgd(config.learningRate(), config.momentum(), config.nesterov(), config.weightDecay());
            case ADAM -> new Adam(config.learningRate(), config.beta1(), config.beta2(), config.epsilon(),
                    config.weightDecay(), false);
            case ADAMW -> new Adam(config.learningRate(), config.beta1(), config.beta2(), config.epsilon(),
                    config.weightDecay(), true);
            case SCHEDULE_FREE_ADAMW -> new ScheduleFreeAdamW(config.learningRate(), config.beta1(), config.beta2(),
                    config.epsilon(), config.weightDecay());
        };
    }
}
