package io.streammtl.config;

/**
 * Optimiser hyper-parameters; fields that a kind does not use keep their defaults. Weight decay is
 * L2 added to the gradient for SGD and Adam, and decoupled for AdamW (Loshchilov &amp; Hutter 2019).
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
}
