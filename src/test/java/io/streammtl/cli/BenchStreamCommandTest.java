package io.streammtl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streammtl.Main;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bench stream} runs its whole protocol on a real embedded broker and reports every figure; no figure is judged. */
@Tag("integration")
class BenchStreamCommandTest {
    @Test
    void shouldWarmUpMeasureBothTopologiesInTurnAndLatencyAndWriteTheMedians(@TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Path json = dir.resolve("bench.json");
        java.util.Set<Path> workBefore = benchWorkDirectories();
        int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), "bench", "stream",
                "--events", "3000", "--warmup-events", "1000", "--repeats", "2", "--latency-seconds", "1", "--latency-warmup-seconds", "1", "--rate", "500",
                "--thread-breakdown", "--json", json.toString());
        String text = out.toString();
        assertEquals(0, code, text + err);
        assertTrue(text.contains("warm-up: both topologies over 1,000 records"), text);
        assertTrue(text.contains("StreamThread"), "per-thread breakdown: " + text);
        assertTrue(text.contains("2. learning"), "second repeat: " + text);
        assertTrue(text.contains("median of 2: passthrough"), text);
        assertTrue(workBefore.containsAll(benchWorkDirectories()), "the bench deletes its broker's directory");
        JsonNode figures = new ObjectMapper().readTree(json.toFile());
        assertEquals(3000, figures.get("events").asInt());
        assertEquals(2, figures.get("repeats").asInt());
        assertEquals(1000, figures.get("warmup_events").asInt());
        for (String field : new String[] {"passthrough_eps", "learning_eps", "ratio", "passthrough_cpu_us_per_event",
                "learning_cpu_us_per_event", "passthrough_process_cpu_us_per_event", "learning_process_cpu_us_per_event"}) {
            assertTrue(figures.get(field).asDouble() > 0, field + " in " + figures);
        }
        assertEquals(figures.get("learning_eps").asDouble() / figures.get("passthrough_eps").asDouble(),
                figures.get("ratio").asDouble(), 1e-9);
        for (String guarantee : new String[] {"latency_at_least_once", "latency_exactly_once_v2"}) {
            JsonNode latency = figures.get(guarantee);
            assertEquals(500, latency.get("rate").asDouble(), guarantee);
            assertTrue(latency.get("p50_ms").asDouble() >= 0, guarantee + " " + latency);
            assertTrue(latency.get("p99_ms").asDouble() >= latency.get("p50_ms").asDouble(), guarantee + " " + latency);
            assertTrue(latency.get("p99_from_creation_ms").asDouble() >= latency.get("p50_from_creation_ms").asDouble(),
                    guarantee + " " + latency);
            assertEquals(5, latency.get("producer_linger_ms").asInt(), guarantee);
        }
        // Exactly-once commits every 100 ms (Kafka's default) plus the commit's own time; at-least-once every 30 s.
        double period = figures.get("latency_exactly_once_v2").get("commit_period_ms").asDouble();
        assertTrue(period >= 50 && period <= 500, "commit period " + period);
        assertTrue(figures.get("latency_at_least_once").get("commit_period_ms") == null, figures.toString());
    }

    private static java.util.Set<Path> benchWorkDirectories() throws java.io.IOException {
        try (var entries = java.nio.file.Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return entries.filter(p -> p.getFileName().toString().startsWith("streammtl-bench"))
                    .collect(java.util.stream.Collectors.toSet());
        }
    }

    @Test
    void shouldRejectZeroRepeatsNamingTheOption() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), "bench", "stream", "--repeats", "0");
        assertEquals(ExitCodes.BAD_INPUT, code);
        assertTrue(err.toString().contains("--repeats"), err.toString());
    }
}
