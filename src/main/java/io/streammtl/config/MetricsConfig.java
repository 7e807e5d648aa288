package io.streammtl.config;

/** Prequential metrics: the sliding window length in examples. */
public record MetricsConfig(int window) {
}
