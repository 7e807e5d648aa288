package io.streammtl.cli;

import io.streammtl.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class ServeCommandTest {
    @Test
    void shouldRejectAMetricsPortOutOfRangeBeforeStartingAnything(@TempDir Path dir) {
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "serve",
                "--config", "classpath:config/wine.yaml", "--data-dir", dir.toString(), "--metrics-port", "70000");
        assertEquals(ExitCodes.BAD_INPUT, code);
        assertEquals("error: --metrics-port 70000 is out of range; expected 0 (no endpoint) to 65535", err.toString().trim());
        assertFalse(Files.exists(dir.resolve("broker")), "no broker was started");
    }
}
