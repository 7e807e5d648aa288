package io.streammtl.config;

/**
 * Observability settings: the prequential metrics' sliding window length in examples, and the port of the HTTP
 * endpoint serving {@code /metrics} and {@code /health/*} (0 = no endpoint).
 */
public record MetricsConfig(int window, int port) {
    /** The endpoint's port when the spec names none. */
    public static final int DEFAULT_PORT = 9400;

    /** A window with the default port. */
    public MetricsConfig(int window) {
        this(window, DEFAULT_PORT);
    }
}
