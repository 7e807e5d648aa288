package io.streammtl.config;

/** The prequential metrics' sliding window length in examples: part of the model spec (it shapes what is learned). */
public record MetricsConfig(int window) {
    /** Longest accepted window. */
    public static final int MAX_WINDOW = 10_000_000;

    public MetricsConfig {
        Checks.range("metrics.window", window, 1, MAX_WINDOW);
    }

    /** A window of 500 examples. */
    public static MetricsConfig defaults() {
        return new MetricsConfig(500);
    }
}
