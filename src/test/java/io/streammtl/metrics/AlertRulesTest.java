package io.streammtl.metrics;

import io.streammtl.testing.ExternalTool;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The committed alert rules pass {@code promtool check rules} and their unit tests ({@code promtool test rules}). */
class AlertRulesTest {
    private static final Path RULES = Path.of("deploy/prometheus");

    private static String run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).directory(RULES.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "promtool finished");
        assertEquals(0, process.exitValue(), output);
        return output;
    }

    @Test
    void shouldPassPromtoolCheckRules() throws Exception {
        Path promtool = ExternalTool.require("promtool", "apt-get install prometheus");
        String output = run(List.of(promtool.toString(), "check", "rules", "alerts.yml"));
        assertTrue(output.contains("SUCCESS: 6 rules found"), output);
    }

    @Test
    void shouldPassTheAlertRuleUnitTests() throws Exception {
        Path promtool = ExternalTool.require("promtool", "apt-get install prometheus");
        String output = run(List.of(promtool.toString(), "test", "rules", "alerts.test.yml"));
        assertTrue(output.contains("SUCCESS"), output);
    }
}
