package io.streammtl.config;

/** The HTTP endpoint serving {@code /metrics} and {@code /health/*}: its port (0 = no endpoint). */
public record EndpointConfig(int port) {
    /** The endpoint's port when the spec names none. */
    public static final int DEFAULT_PORT = 9400;
}
