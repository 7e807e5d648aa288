package io.streammtl.cli;

import io.streammtl.config.ConfigOverride;
import io.streammtl.config.ModelConfigLoader;
import io.streammtl.config.ServiceConfig;
import io.streammtl.learn.DriftSpecCheck;

import java.nio.file.Path;
import java.util.List;

/** Loads a spec file for a command: parsed and validated by {@code config}, then checked against the drift detectors. */
final class SpecFiles {
    private SpecFiles() {
    }

    /** The file (or a {@code classpath:} spec) as written. */
    static ServiceConfig load(Path file) {
        return load(file, List.of());
    }

    /** The file with the changes applied in order; every error is a {@link io.streammtl.config.ConfigException}. */
    static ServiceConfig load(Path file, List<ConfigOverride> overrides) {
        ServiceConfig loaded = ModelConfigLoader.load(file, overrides);
        DriftSpecCheck.check(loaded.model());
        return loaded;
    }
}
