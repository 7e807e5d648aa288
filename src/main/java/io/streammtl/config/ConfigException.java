package io.streammtl.config;

/** A model spec that cannot be used, with the path of the bad entry, the bad value and what was expected. */
public final class ConfigException extends RuntimeException {
    private final String path;
    private final String detail;

    public ConfigException(String path, String detail) {
        super(path.isEmpty() ? detail : path + ": " + detail);
        this.path = path;
        this.detail = detail;
    }

    /** The dotted path of the offending entry, e.g. {@code tasks[1].kind}; empty for the whole file. */
    public String path() {
        return path;
    }

    /**
     * The same error one level down the file, e.g. a task's {@code loss} under {@code tasks[1]}: records in lists
     * name paths relative to themselves, the reader that knows their place adds it.
     */
    public ConfigException under(String prefix) {
        return new ConfigException(prefix.isEmpty() ? path : path.isEmpty() ? prefix : prefix + "." + path, detail);
    }
}
