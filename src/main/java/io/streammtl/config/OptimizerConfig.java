package io.streammtl.config;

/**
 * Optimiser hyper-parameters; fields that a kind does not use keep their defaults. Weight decay is
 * L2 added to the gradient for SGD and Adam, decoupled for AdamW (Loshchilov &amp; Hutter 2019), and added to the
 * normalised step at y for schedule-free AdamW (as in the authors' package).
 */
public record OptimizerConfig(
        OptimizerKind kind,
        double learningRate,
        double momentum,
        boolean nesterov,
        double beta1,
        double beta2,
        double epsilon,
        double weightDecay) {

    public OptimizerConfig {
        Checks.positive("optimizer.lr", learningRate);
        Checks.fraction("optimizer.weight_decay", weightDecay, false);
        Checks.fraction("optimizer.momentum", momentum, true);
        if (nesterov && momentum == 0) {
            throw new ConfigException("optimizer.nesterov", "true needs a momentum above 0");
        }
        Checks.fraction("optimizer.beta1", beta1, true);
        Checks.fraction("optimizer.beta2", beta2, true);
        Checks.positive("optimizer.epsilon", epsilon);
    }

    /**
     * The defaults of a kind: lr 0.01 for SGD, 0.001 for Adam and AdamW, AdamW's decay 0.01, and the authors'
     * defaults for schedule-free AdamW (lr 0.0025, no decay).
     */
    public static OptimizerConfig defaults(OptimizerKind kind) {
        return switch (kind) {
            case SGD -> new OptimizerConfig(kind, 0.01, 0, false, 0.9, 0.999, 1e-8, 0);
            case ADAM -> new OptimizerConfig(kind, 0.001, 0, false, 0.9, 0.999, 1e-8, 0);
            case ADAMW -> new OptimizerConfig(kind, 0.001, 0, false, 0.9, 0.999, 1e-8, 0.01);
            case SCHEDULE_FREE_ADAMW -> new OptimizerConfig(kind, 0.0025, 0, false, 0.9, 0.999, 1e-8, 0);
        };
    }
}
