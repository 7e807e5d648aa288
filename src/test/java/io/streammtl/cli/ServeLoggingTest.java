package io.streammtl.cli;

import io.streammtl.Main;
import io.streammtl.config.ModelConfigLoader;
import io.streammtl.stream.TopicCreator;
import io.streammtl.stream.broker.EmbeddedKafkaBroker;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tier 4, the log a person reads: {@code serve} runs as a separate process with its embedded broker, learns from
 * events and is stopped with SIGTERM, and everything it printed must be log lines with time, level and logger, none
 * of them an ERROR or a stack trace; the level follows {@code STREAMMTL_LOG_LEVEL} and {@code --log-level}.
 */
@Tag("integration")
class ServeLoggingTest {
    private static final Path SPEC = Path.of("deploy/config/wine.yaml");
    private static final String TEST_SPLIT = "classpath:data/wine/red-test.csv";
    /** ISO-8601 time with offset, level, logger, message: the layout of src/main/resources/logback.xml. */
    private static final Pattern LOG_LINE = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}(Z|[+-]\\d{2}:\\d{2}) (TRACE|DEBUG|INFO |WARN |ERROR) [\\w.$]+ - .*");
    private static final int SIGTERM_STATUS = 143;

    @TempDir
    Path dir;

    private Process start(String name, Map<String, String> environment, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        builder.environment().remove(EnvironmentDefaults.BOOTSTRAP_SERVERS);
        builder.environment().remove(EnvironmentDefaults.DATA_DIR);
        builder.environment().remove(Main.LOG_LEVEL_VARIABLE);
        builder.environment().putAll(environment);
        return builder.start();
    }

    private List<String> lines(String name) throws Exception {
        return Files.readAllLines(dir.resolve(name + ".log"));
    }

    private void awaitLine(Process process, String name, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (lines(name).stream().noneMatch(line -> line.contains(text))) {
            assertTrue(process.isAlive(), name + " died: " + lines(name));
            assertTrue(System.nanoTime() < deadline, "no '" + text + "' within 120 s: " + lines(name));
            Thread.sleep(200);
        }
    }

    private static String level(String line) {
        return line.substring(line.indexOf(' ') + 1, line.indexOf(' ') + 6).trim();
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void shouldPrintOnlyTimestampedLogLinesAndNoErrorOrStackTraceWhenServeStartsLearnsAndStops() throws Exception {
        Path data = dir.resolve("data");
        Process serve = start("serve", Map.of(), "serve", "--config", SPEC.toString(), "--data-dir", data.toString(),
                "--status-seconds", "1", "--metrics-port", "0");
        try {
            awaitLine(serve, "serve", "serving model 'wine'");
            CommandRun produce = CommandRun.of("produce", "--config", SPEC.toString(), "--data", TEST_SPLIT,
                    "--data-dir", data.toString());
            assertEquals(0, produce.code(), produce.out() + produce.err());
            awaitLine(serve, "serve", "320 events");
        } finally {
            serve.destroy();
            assertTrue(serve.waitFor(90, TimeUnit.SECONDS), "serve stops by itself on SIGTERM");
        }
        List<String> lines = lines("serve");
        assertEquals(SIGTERM_STATUS, serve.exitValue(), String.join("\n", lines));
        assertEquals(List.of(), lines.stream().filter(line -> !LOG_LINE.matcher(line).matches()).toList(),
                "every line is a log line with time, level and logger");
        assertEquals(List.of(), lines.stream().filter(line -> line.startsWith("\tat ") || line.startsWith("Caused by"))
                .toList(), "no stack trace");
        assertEquals(List.of(), lines.stream().filter(line -> level(line).equals("ERROR")).toList(), "no ERROR");
        assertEquals(List.of(), lines.stream().filter(line -> level(line).equals("DEBUG")).toList(),
                "no DEBUG at the default level");
        assertTrue(lines.stream().anyMatch(line -> line.contains(" INFO  io.streammtl.cli.ServeCommand - 320 events (")),
                "the status line is a log line: " + lines);
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void shouldLogAtDebugWhenTheEnvironmentAsksAndAtTheOptionsLevelWhenBothAreGiven() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("broker"))) {
            String servers = broker.bootstrapServers();
            TopicCreator.ensure(ModelConfigLoader.load(SPEC).kafka(), servers);
            Map<String, String> debug = Map.of(Main.LOG_LEVEL_VARIABLE, "debug");

            Process verbose = start("debug", debug, "produce", "--config", SPEC.toString(), "--data", TEST_SPLIT,
                    "--bootstrap-servers", servers);
            assertTrue(verbose.waitFor(2, TimeUnit.MINUTES), "produce finished");
            assertEquals(0, verbose.exitValue(), String.join("\n", lines("debug")));
            List<String> debugLines = lines("debug").stream()
                    .filter(line -> LOG_LINE.matcher(line).matches() && level(line).equals("DEBUG")).toList();
            assertTrue(debugLines.stream().anyMatch(line -> line.contains(" DEBUG org.apache.kafka.clients.producer.")),
                    "the producer's DEBUG lines: " + lines("debug"));

            // After the subcommand: the option is inherited by every command.
            Process quiet = start("warn", debug, "produce", "--config", SPEC.toString(), "--data", TEST_SPLIT,
                    "--bootstrap-servers", servers, "--log-level", "WARN");
            assertTrue(quiet.waitFor(2, TimeUnit.MINUTES), "produce finished");
            assertEquals(0, quiet.exitValue(), String.join("\n", lines("warn")));
            assertTrue(lines("warn").stream().anyMatch(line -> line.startsWith("sent 320 events")), lines("warn").toString());
            assertFalse(lines("warn").stream().anyMatch(line -> LOG_LINE.matcher(line).matches()
                    && (level(line).equals("DEBUG") || level(line).equals("INFO"))),
                    "--log-level WARN wins over STREAMMTL_LOG_LEVEL=debug: " + lines("warn"));
        }
    }
}
