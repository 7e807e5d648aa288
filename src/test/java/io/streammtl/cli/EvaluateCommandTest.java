package io.streammtl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvaluateCommandTest {
    private static final String TRAIN = "src/main/resources/data/wine/red-train.csv";
    private static final String TEST = "src/main/resources/data/wine/red-test.csv";
    private static final String WINE = "deploy/config/wine.yaml";

    private static CommandRun run(String... args) {
        return CommandRun.of(args);
    }

    @Test
    void shouldEvaluateShippedWineDataEndToEnd(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("out/wine.json");
        Path png = dir.resolve("wine.png");
        CommandRun run = run("evaluate", "--config", WINE, "--data", TRAIN, "--test", TEST, "--baseline", "single-task",
                "--json", json.toString(), "--plot", png.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("quality") && run.out().contains("single test"), run.out());
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertEquals(1279, root.get("examples").asLong());
        assertTrue(root.get("seconds").asDouble() > 0);
        JsonNode quality = root.get("tasks").get("quality");
        for (String key : new String[] {"mse", "mae", "r2"}) {
            assertTrue(quality.get("prequential").has(key) && quality.get("test").has(key), key);
        }
        assertTrue(quality.get("test").get("mse").asDouble() < 0.6, "test mse " + quality.get("test"));
        JsonNode good = root.get("tasks").get("good");
        for (String key : new String[] {"accuracy", "logloss", "auc"}) {
            assertTrue(good.get("test").has(key), key);
        }
        assertTrue(good.get("test").get("accuracy").asDouble() > 0.65, "accuracy " + good.get("test"));
        assertNotNull(root.get("baseline").get("single-task").get("tasks").get("good").get("test").get("auc"));
        assertNotNull(ImageIO.read(png.toFile()), "a readable PNG");
    }

    @Test
    void shouldReadBundledDataFromTheClasspathWithThreeTasks() {
        CommandRun run = run("evaluate", "--config", "deploy/config/wine-3class.yaml", "--data",
                "classpath:data/wine/winequality-red.csv");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("macro_f1"), run.out());
        assertTrue(run.out().contains("1599 examples streamed"), run.out());
    }

    @Test
    void shouldFailWithExitTwoOnMissingDataFile(@TempDir Path dir) {
        Path missing = dir.resolve("nope.csv");
        CommandRun run = run("evaluate", "--config", WINE, "--data", missing.toString());
        assertEquals(ExitCodes.BAD_INPUT, run.code());
        assertEquals("error: " + missing + ": file not found", run.err().trim());
    }

    @Test
    void shouldNameFileLineAndColumnOfNonNumericValue(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("bad.csv");
        var lines = Files.readAllLines(Path.of(TEST)).subList(0, 5);
        lines.set(3, lines.get(3).replaceFirst("^([^;]*);[^;]*;", "$1;abc;"));
        Files.write(csv, lines);
        CommandRun run = run("evaluate", "--config", WINE, "--data", csv.toString());
        assertEquals(ExitCodes.BAD_INPUT, run.code());
        assertEquals("error: " + csv + ":4: column 'volatile acidity': feature volatile_acidity: 'abc' is not a number",
                run.err().trim());
    }

    @Test
    void shouldNameColumnTheCsvLacks(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("short.csv");
        Files.writeString(csv, "\"fixed acidity\";\"quality\"\n7.4;5\n");
        CommandRun run = run("evaluate", "--config", WINE, "--data", csv.toString());
        assertEquals(ExitCodes.BAD_INPUT, run.code());
        assertTrue(run.err().startsWith("error: " + csv + ":1: column 'volatile acidity': not in header"), run.err());
    }

    @Test
    void shouldNameConfigPathOfABadValue(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("bad.yaml");
        Files.writeString(config, Files.readString(Path.of(WINE)).replace("kind: regression", "kind: regresion"));
        CommandRun run = run("evaluate", "--config", config.toString(), "--data", TRAIN);
        assertEquals(ExitCodes.BAD_INPUT, run.code());
        assertEquals("error: " + config + ": tasks[0].kind: 'regresion' is not one of regression, binary, multiclass",
                run.err().trim());
    }

    @Test
    void shouldRejectUnknownBaseline() {
        CommandRun run = run("evaluate", "--config", WINE, "--data", TRAIN, "--baseline", "ensemble");
        assertEquals(ExitCodes.BAD_INPUT, run.code());
        assertTrue(run.err().contains("'ensemble' is not known"), run.err());
    }

    @Test
    void shouldBenchTheLearnerAndWriteJson(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("bench.json");
        CommandRun run = run("bench", "learner", "--config", WINE, "--batch", "8,64", "--rounds", "1",
                "--round-seconds", "0.05", "--warmup-seconds", "0.05", "--json", json.toString());
        assertEquals(0, run.code(), run.err());
        JsonNode rates = new ObjectMapper().readTree(json.toFile()).get("samples_per_second");
        assertTrue(rates.get("8").asDouble() > 0 && rates.get("64").asDouble() > 0, rates.toString());
    }

    @Test
    void shouldPrintAndPlotDriftPoints(@TempDir Path dir) throws Exception {
        Path spec = dir.resolve("flip.yaml");
        Files.writeString(spec, """
                features: [{name: a}, {name: b}]
                tasks:
                  - {name: y, kind: binary, drift: {detector: adwin, response: reset_head}}
                trunk: {layers: [8]}
                training: {batch_size: 8}
                """);
        StringBuilder csv = new StringBuilder("a,b,y\n");
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        for (int i = 0; i < 6000; i++) {
            double a = random.nextDouble();
            double b = random.nextDouble();
            boolean label = i < 3000 ? a > b : a <= b;
            csv.append(a).append(',').append(b).append(',').append(label ? 1 : 0).append('\n');
        }
        Path data = dir.resolve("flip.csv");
        Files.writeString(data, csv);
        Path json = dir.resolve("flip.json");
        CommandRun run = run("evaluate", "--config", spec.toString(), "--data", data.toString(), "--json", json.toString(),
                "--plot", dir.resolve("flip.png").toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().matches("(?s).*y: adwin drift at example 3[0-9]{3} \\(loss [0-9.]+ -> [0-9.]+\\), response reset_head.*"),
                run.out());
        JsonNode drift = new ObjectMapper().readTree(json.toFile()).get("tasks").get("y").get("drift");
        assertTrue(drift.size() >= 1);
        assertTrue(java.util.stream.StreamSupport.stream(drift.spliterator(), false)
                .anyMatch(d -> d.get("response").asText().equals("reset_head")));
    }
}
