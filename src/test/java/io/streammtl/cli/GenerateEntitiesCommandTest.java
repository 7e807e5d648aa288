package io.streammtl.cli;

import io.streammtl.config.ModelConfig;
import io.streammtl.config.ModelConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code generate entities} as a user runs it: the files, their repeatability, and a spec that evaluate runs. */
class GenerateEntitiesCommandTest {
    private static CommandRun generate(Path dir, String seed) {
        return CommandRun.of("generate", "entities", "--members", "6", "--rows", "600", "--features", "3",
                "--seed", seed, "--out", dir.toString());
    }

    @Test
    void shouldWriteTrainTestAndASpecThatEvaluateRuns(@TempDir Path dir) throws Exception {
        CommandRun run = generate(dir, "4");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("600 rows of 6 entities (1 late)"), run.out());
        List<String> train = Files.readAllLines(dir.resolve("train.csv"));
        assertEquals("entity,x1,x2,x3,y,above", train.get(0));
        assertEquals(601, train.size());
        assertEquals(61, Files.readAllLines(dir.resolve("test.csv")).size());
        ModelConfig spec = ModelConfigLoader.load(dir.resolve("spec.yaml")).model();
        assertEquals(List.of("x1", "x2", "x3"), spec.features().stream().map(f -> f.name()).toList());
        assertEquals(List.of("y", "above"), spec.tasks().stream().map(t -> t.name()).toList());
        assertTrue(spec.tasks().stream().allMatch(t -> t.isFamily() && t.family().per().equals(List.of("entity"))),
                "one member per entity");
        assertTrue(ModelConfigLoader.auto(dir.resolve("spec.yaml")).isPresent(),
                "the written spec races the default grid (5-7 % better than its rate alone)");

        CommandRun evaluate = CommandRun.of("evaluate", "--config", dir.resolve("spec.yaml").toString(),
                "--data", dir.resolve("train.csv").toString(), "--test", dir.resolve("test.csv").toString());
        assertEquals(0, evaluate.code(), evaluate.err());
        assertTrue(evaluate.out().contains("champion: "), "the spec races its variants: " + evaluate.out());
        assertTrue(evaluate.out().contains("after 600 examples"), evaluate.out());

        CommandRun members = CommandRun.of("evaluate", "--config", dir.resolve("spec.yaml").toString(),
                "--data", dir.resolve("train.csv").toString(), "--test", dir.resolve("test.csv").toString(),
                "--members");
        assertEquals(0, members.code(), members.err());
        assertTrue(members.out().contains("600 examples streamed"), "the spec as written, per member: " + members.out());
        assertTrue(members.out().contains("above"), members.out());
    }

    @Test
    void shouldWriteTheSameFilesForTheSameSeed(@TempDir Path dir) throws Exception {
        assertEquals(0, generate(dir.resolve("a"), "9").code());
        assertEquals(0, generate(dir.resolve("b"), "9").code());
        assertEquals(0, generate(dir.resolve("c"), "10").code());
        String a = Files.readString(dir.resolve("a/train.csv"));
        assertEquals(a, Files.readString(dir.resolve("b/train.csv")));
        assertEquals(Files.readString(dir.resolve("a/test.csv")), Files.readString(dir.resolve("b/test.csv")));
        assertNotEquals(a, Files.readString(dir.resolve("c/train.csv")));
    }

    @Test
    void shouldRefuseABadLateFractionWithExitTwoAndWriteNothing(@TempDir Path dir) {
        CommandRun run = CommandRun.of("generate", "entities", "--late-fraction", "1.5", "--out",
                dir.resolve("x").toString());
        assertEquals(ExitCodes.BAD_INPUT, run.code());
        assertTrue(run.err().contains("late fraction must be from 0 to below 1, got 1.5"), run.err());
        assertTrue(Files.notExists(dir.resolve("x")), "nothing written");
    }
}
