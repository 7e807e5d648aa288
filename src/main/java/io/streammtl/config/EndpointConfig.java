package io.streammtl.config;

/** The HTTP endpoint serving {@code /metrics} and {@code /health/*}: its port (0 = no endpoint). */
public record EndpointConfig(int port) {
    /** The endpoint's port when the spec names none. */
    public static final int DEFAULT_PORT = 9400;

    public EndpointConfig {
        if (port < 0 || port > 65_535) {
            throw new ConfigException("metrics.port", port + " is out of range; expected 0 (no endpoint) to 65535");
        }
    }

    /** The endpoint on {@link #DEFAULT_PORT}. */
    public static EndpointConfig defaults() {
        return new EndpointConfig(DEFAULT_PORT);
    }
}
