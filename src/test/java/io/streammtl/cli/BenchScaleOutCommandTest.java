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

/** {@code bench scale-out} runs split stages with several instances on a real embedded broker; no figure is judged. */
@Tag("integration")
class BenchScaleOutCommandTest {
    @Test
    void shouldPredictEveryEventOnceLearnTheLabeledOnesAndShareTheWorkForEachInstanceCount(@TempDir Path dir)
            throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Path json = dir.resolve("scale-out.json");
        int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), "bench", "scale-out",
                "--events", "3000", "--instances", "1,2", "--labeled", "0.5", "--no-warm-up", "--json", json.toString());
        String text = out.toString();
        assertEquals(0, code, text + err);
        assertTrue(text.contains("labeled 50 %, snapshot every 10 steps or 60 s, 2 instances: predictions"), text);
        JsonNode runs = new ObjectMapper().readTree(json.toFile());
        assertEquals(2, runs.size(), runs.toString());
        for (JsonNode run : runs) {
            int instances = run.get("instances").asInt();
            JsonNode predicted = run.get("predicted_per_instance");
            assertEquals(instances, predicted.size(), run.toString());
            long total = 0;
            for (JsonNode count : predicted) {
                total += count.asLong();
            }
            assertEquals(3000, total, "every event predicted once: " + run);
            long learned = 0;
            for (JsonNode count : run.get("learned_per_instance")) {
                learned += count.asLong();
            }
            // 1,500 labeled; two models' last batches (32 each) may stay open.
            assertTrue(learned >= 1500 - 2 * 32 && learned <= 1500, run.toString());
            assertTrue(run.get("stream_thread_cpu_us_per_event").asDouble() > 0, run.toString());
            double busiest = run.get("busiest_thread_cpu_share").asDouble();
            // One instance: its one stream thread does all; two: Kafka Streams balances the task counts (which
            // instance predicts and which learns is its choice), so neither thread does all of it.
            assertTrue(instances == 1 ? busiest == 1.0 : busiest > 0 && busiest < 1, run.toString());
            assertTrue(run.get("predictions_per_s").asDouble() > 0, run.toString());
        }
    }

    @Test
    void shouldRejectMoreInstancesThanPartitionsNamingTheOptions() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), "bench", "scale-out",
                "--instances", "7", "--partitions", "6");
        assertEquals(ExitCodes.BAD_INPUT, code);
        assertTrue(err.toString().contains("--instances between 1 and --partitions"), err.toString());
    }
}
