package io.streammtl.cli;

import io.streammtl.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SpecFilesTest {
    @Test
    void shouldRefuseADriftParameterTheDetectorDoesNotTakeWhenLoading(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("spec.yaml"), """
                features: [{name: a}]
                tasks: [{name: y, kind: binary, drift: {detector: adwin, delt: 1}}]
                """);
        assertEquals("tasks[0].drift",
                assertThrows(ConfigException.class, () -> SpecFiles.load(file)).path());
    }

    @Test
    void shouldLoadABundledSpec() {
        assertEquals("wine", SpecFiles.load(Path.of("classpath:config/wine.yaml")).model().name());
    }
}
