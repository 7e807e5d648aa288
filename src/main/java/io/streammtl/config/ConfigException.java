package io.streammtl.config;

/** A model spec that cannot be used, with the path of the bad entry, the bad value and what was expected. */
public final class ConfigException extends RuntimeException {
    private final String path;

    public ConfigException(String path, String detail) {
        super(path.isEmpty() ? detail : path + ": " + detail);
        this.path = path;
    }

    /** The dotted path of the offending entry, e.g. {@code tasks[1].kind}; empty for the whole file. */
    public String path() {
        return path;
    }
}
