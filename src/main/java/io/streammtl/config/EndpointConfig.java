package io.streammtl.config;

/**
 * The HTTP endpoint serving {@code /metrics} and {@code /health/*}: its port (0 = no endpoint), and how many worst
 * members of each task family {@code /metrics} names by rank ({@code metrics.family_worst_k}, 0: none), which bounds
 * the series a family adds whatever its number of members. Service settings: not part of the model's identity.
 */
public record EndpointConfig(int port, int familyWorstK) {
    /** The endpoint's port when the spec names none. */
    public static final int DEFAULT_PORT = 9400;
    /** Worst members exported per family by default. */
    public static final int DEFAULT_FAMILY_WORST_K = 5;
    /** Most worst members exported per family: each is a few series. */
    public static final int MAX_FAMILY_WORST_K = 100;

    public EndpointConfig {
        if (port < 0 || port > 65_535) {
            throw new ConfigException("metrics.port", port + " is out of range; expected 0 (no endpoint) to 65535");
        }
        Checks.range("metrics.family_worst_k", familyWorstK, 0, MAX_FAMILY_WORST_K);
    }

    /** An endpoint on {@code port} naming the default number of worst family members. */
    public EndpointConfig(int port) {
        this(port, DEFAULT_FAMILY_WORST_K);
    }

    /** The endpoint on {@link #DEFAULT_PORT}. */
    public static EndpointConfig defaults() {
        return new EndpointConfig(DEFAULT_PORT);
    }
}
