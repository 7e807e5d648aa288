package io.streammtl.testing;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Assertions;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds an external program a test drives for real (promtool, prometheus, docker-compose, kubectl). Where it is
 * missing the test is skipped with the install hint, visibly, except when {@code STREAMMTL_REQUIRE_TOOLS=1}
 * (set by {@code .ci/run}, which installs the tools first): then a missing tool fails the test.
 */
public final class ExternalTool {
    private ExternalTool() {
    }

    /** The program's path on {@code PATH}; skips or fails the calling test when it is absent. */
    public static Path require(String program, String installHint) {
        Optional<Path> found = find(program);
        if (found.isPresent()) {
            return found.get();
        }
        return missing(program + " is not on PATH (" + installHint + "; .ci/install-tools does it)");
    }

    /**
     * Skips the calling test over something else it needs that is not installed (a library of an interpreter,
     * an npm folder), or fails it under {@code STREAMMTL_REQUIRE_TOOLS=1}; {@code message} says how to install it.
     */
    public static <T> T missing(String message) {
        if ("1".equals(System.getenv("STREAMMTL_REQUIRE_TOOLS"))) {
            Assertions.fail(message);
        }
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }

    /** The program's path on {@code PATH}, if any. */
    public static Optional<Path> find(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String directory : path.split(File.pathSeparator)) {
            Path candidate = Path.of(directory, program);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
