package io.streammtl.config;

/**
 * The task-weighting strategy and its hyper-parameters (fields a kind does not use keep their defaults):
 * {@code lr} of the weights' own Adam (uncertainty, gradnorm), GradNorm's {@code alpha}, DWA's {@code temperature}
 * and {@code window} (steps per loss window), loss-scale's EMA {@code beta}. Every dynamic weight is multiplied by
 * the task's static {@code weight}.
 */
public record WeightingConfig(WeightingKind kind, double lr, double alpha, double temperature, int window,
                              double beta) {
    public static final double DEFAULT_LR = 0.01;
    public static final double DEFAULT_ALPHA = 1.5;
    public static final double DEFAULT_TEMPERATURE = 2.0;
    public static final int DEFAULT_WINDOW = 20;
    public static final double DEFAULT_BETA = 0.99;

    /** Static weights from {@code tasks[i].weight}: the default. */
    public static WeightingConfig staticWeights() {
        return of(WeightingKind.STATIC);
    }

    /** A strategy with default hyper-parameters. */
    public static WeightingConfig of(WeightingKind kind) {
        return new WeightingConfig(kind, DEFAULT_LR, DEFAULT_ALPHA, DEFAULT_TEMPERATURE, DEFAULT_WINDOW, DEFAULT_BETA);
    }
}
