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
    static final int MAX_WINDOW = 1_000_000;

    /** Paths in errors are relative to the section ({@code lr}); its reader adds {@code weighting}. */
    public WeightingConfig {
        if (kind == null) {
            throw new ConfigException("kind", "missing; expected a weighting strategy");
        }
        Checks.positive("lr", lr);
        Checks.nonNegative("alpha", alpha);
        Checks.positive("temperature", temperature);
        checkWindow("window", window);
        Checks.fraction("beta", beta, true);
    }

    /** Static weights from {@code tasks[i].weight}: the default. */
    public static WeightingConfig staticWeights() {
        return of(WeightingKind.STATIC);
    }

    /** A strategy with default hyper-parameters. */
    public static WeightingConfig of(WeightingKind kind) {
        return new WeightingConfig(kind, DEFAULT_LR, DEFAULT_ALPHA, DEFAULT_TEMPERATURE, DEFAULT_WINDOW, DEFAULT_BETA);
    }

    /** DWA's loss window, read as a YAML integer (so beyond int range too). */
    static void checkWindow(String path, long window) {
        if (window < 1 || window > MAX_WINDOW) {
            throw new ConfigException(path, window + " is out of range; expected 1 to " + MAX_WINDOW + " steps");
        }
    }
}
