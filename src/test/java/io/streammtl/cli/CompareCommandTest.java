package io.streammtl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code evaluate --compare} and {@code generate transfer}, end to end through the command line. */
class CompareCommandTest {
    private static final String TRAIN = "src/main/resources/data/wine/red-train.csv";
    private static final String TEST = "src/main/resources/data/wine/red-test.csv";
    private static final String WINE = "deploy/config/wine.yaml";

    private static CommandRun run(String... args) {
        return CommandRun.of(args);
    }

    @Test
    void shouldPrintOneRowPerWeightingBesideSingleTask(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("compare.json");
        CommandRun run = run("evaluate", "--config", WINE, "--data", TRAIN, "--test", TEST, "--baseline", "single-task",
                "--compare", "weighting=static,uncertainty,gradnorm,dwa,loss_scale", "--json", json.toString());
        assertEquals(0, run.code(), run.err());
        List<String> lines = run.out().lines().toList();
        assertTrue(lines.get(1).contains("quality mse") && lines.get(1).contains("good auc"), run.out());
        for (String kind : List.of("static", "uncertainty", "gradnorm", "dwa", "loss_scale")) {
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("weighting=" + kind + " ")), kind + "\n" + run.out());
        }
        assertEquals(1, lines.stream().filter(l -> l.startsWith("single-task")).count(),
                "weighting does not change the single-task models, so one baseline row\n" + run.out());
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertEquals("test", root.get("metrics_on").asText());
        JsonNode variants = root.get("variants");
        assertEquals(5, variants.size());
        assertEquals("uncertainty", variants.get(1).get("overrides").get("weighting").asText());
        double staticMse = variants.get(0).get("metrics").get("quality mse").asDouble();
        double uncertaintyMse = variants.get(1).get("metrics").get("quality mse").asDouble();
        assertTrue(staticMse > 0.2 && staticMse < 0.6, "static " + staticMse);
        assertNotEquals(staticMse, uncertaintyMse, "the variants ran differently");
        assertTrue(variants.get(0).get("single_task").get("good accuracy").asDouble() > 0.6);
    }

    @Test
    void shouldSummariseSeedsAndCombineRepeatedOptions() {
        CommandRun run = run("evaluate", "--config", WINE, "--data", TRAIN, "--compare", "optimizer.lr=0.01,0.003",
                "--compare", "seed=1,2");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("optimizer.lr=0.003 seed=2"), run.out());
        assertTrue(run.out().contains("variant (prequential)"), run.out());
        assertTrue(run.out().contains("mean ± sd over seeds:"), run.out());
        assertTrue(run.out().lines().anyMatch(l -> l.startsWith("optimizer.lr=0.01 (n=2)") && l.contains("±")),
                run.out());
    }

    @Test
    void shouldRejectBadCompareValuesWithExitTwo() {
        CommandRun regulariser = run("evaluate", "--config", WINE, "--data", TRAIN, "--compare", "regularizer=none,prior");
        assertEquals(ExitCodes.BAD_INPUT, regulariser.code());
        assertTrue(regulariser.err().contains("regularizers.prior: 'prior' is not configured"), regulariser.err());
        CommandRun kind = run("evaluate", "--config", WINE, "--data", TRAIN, "--compare", "weighting=static,magic");
        assertEquals(ExitCodes.BAD_INPUT, kind.code());
        assertEquals("error: " + WINE + ": weighting.kind: 'magic' is not one of static, uncertainty, gradnorm, dwa, "
                + "loss_scale", kind.err().trim());
        CommandRun syntax = run("evaluate", "--config", WINE, "--data", TRAIN, "--compare", "weighting");
        assertEquals(ExitCodes.BAD_INPUT, syntax.code());
        assertTrue(syntax.err().contains("is not KEY=V1,V2"), syntax.err());
    }

    @Test
    void shouldWriteTheTransferStreamWithOneLabelPerRow(@TempDir Path dir) throws Exception {
        Path train = dir.resolve("t.csv");
        Path test = dir.resolve("test.csv");
        CommandRun run = run("generate", "transfer", "--red-rows", "100", "--out", train.toString(), "--test-out",
                test.toString(), "--seed", "3");
        assertEquals(0, run.code(), run.err());
        List<String> rows = Files.readAllLines(train);
        assertTrue(rows.get(0).endsWith(",alcohol,red_quality,white_quality"), rows.get(0));
        assertEquals(1 + 100 + 4898, rows.size());
        assertEquals(100, rows.stream().skip(1).filter(r -> r.matches(".*,\\d,$"))
                .count(), "red rows carry red_quality and an empty white_quality");
        assertEquals(4898, rows.stream().skip(1).filter(r -> r.matches(".*,,\\d$")).count());
        assertEquals(321, Files.readAllLines(test).size());
        CommandRun again = run("generate", "transfer", "--red-rows", "100", "--out", dir.resolve("u.csv").toString(),
                "--seed", "3");
        assertEquals(0, again.code());
        assertEquals(rows, Files.readAllLines(dir.resolve("u.csv")), "same seed, same order");
        assertEquals(ExitCodes.BAD_INPUT, run("generate", "transfer", "--red-rows", "2000", "--out",
                train.toString()).code());
    }
}
