package io.streammtl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code evaluate --label-delay N} reports the quality of what was served beside the learner's, on wine. */
class EvaluateLabelDelayTest {
    private static final String WINE = "deploy/config/wine.yaml";
    private static final String DATA = "classpath:data/wine/winequality-red.csv";

    @Test
    void shouldReportServedQualityApartFromTheLearnersWhenLabelsWait(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("delayed.json");
        CommandRun run = CommandRun.of("evaluate", "--config", WINE, "--data", DATA, "--label-delay", "100",
                "--json", json.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("served-window"), run.out());
        assertTrue(run.out().contains("labels learned 100 examples after arrival"), run.out());
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertEquals(100, root.get("label_delay").get("examples").asInt());
        assertTrue(root.get("label_delay").get("mean_version_lag").asDouble() > 2,
                "100 examples wait about 3 steps of 32: " + root.get("label_delay"));
        for (String task : new String[] {"quality", "good"}) {
            JsonNode entry = root.get("tasks").get(task);
            String metric = task.equals("quality") ? "mse" : "logloss";
            assertNotEquals(entry.get("prequential").get(metric).asDouble(), entry.get("served").get(metric).asDouble(),
                    task + ": served by older models than the learner's");
        }
    }

    @Test
    void shouldRefuseANegativeDelayAndADelayWithCompare() {
        CommandRun negative = CommandRun.of("evaluate", "--config", WINE, "--data", DATA, "--label-delay", "-1");
        assertEquals(ExitCodes.BAD_INPUT, negative.code());
        assertTrue(negative.err().contains("--label-delay must be at least 0, got -1"), negative.err());
        CommandRun compare = CommandRun.of("evaluate", "--config", WINE, "--data", DATA, "--label-delay", "5",
                "--compare", "seed=1,2");
        assertEquals(ExitCodes.BAD_INPUT, compare.code());
        assertTrue(compare.err().contains("--label-delay reports one model; it does not apply to --compare"),
                compare.err());
    }
}
