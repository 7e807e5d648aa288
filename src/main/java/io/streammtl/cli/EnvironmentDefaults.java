package io.streammtl.cli;

/**
 * The environment variables that stand in for command-line flags when the flag is absent (containers pass
 * settings this way): {@code STREAMMTL_BOOTSTRAP_SERVERS} for {@code --bootstrap-servers} and
 * {@code STREAMMTL_DATA_DIR} for {@code --data-dir}, in {@code serve} and {@code produce}.
 */
public final class EnvironmentDefaults {
    /** Stands in for {@code --bootstrap-servers}. */
    public static final String BOOTSTRAP_SERVERS = "STREAMMTL_BOOTSTRAP_SERVERS";
    /** Stands in for {@code --data-dir}. */
    public static final String DATA_DIR = "STREAMMTL_DATA_DIR";

    private EnvironmentDefaults() {
    }

    /** Null for an absent or blank value: compose passes an unset {@code ${VAR}} as an empty string. */
    static String orNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
