package io.streammtl.config;

/** The prequential metrics' sliding window length in examples: part of the model spec (it shapes what is learned). */
public record MetricsConfig(int window) {
    /** The window when the spec names none. */
    public static final int DEFAULT_WINDOW = 500;
}
