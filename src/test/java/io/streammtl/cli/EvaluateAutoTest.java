package io.streammtl.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvaluateAutoTest {
    private static final String TRAIN = "src/main/resources/data/wine/red-train.csv";
    private static final String TEST = "src/main/resources/data/wine/red-test.csv";

    private static Path wineWith(Path dir, String auto) throws Exception {
        Path spec = dir.resolve("wine-auto.yaml");
        Files.writeString(spec, Files.readString(Path.of("deploy/config/wine.yaml")) + auto);
        return spec;
    }

    @Test
    void shouldReportTheChampionAndEveryVariantOfTheDefaultGrid(@TempDir Path dir) throws Exception {
        Path spec = wineWith(dir, "auto: {grid: default}\n");
        CommandRun run = CommandRun.of("evaluate", "--config", spec.toString(), "--data", TRAIN, "--test", TEST);
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("champion: "), run.out());
        for (String variant : new String[] {"base", "lr-x3", "lr-div3", "schedule-free-adamw"}) {
            assertTrue(run.out().contains("\n" + variant + " "), variant + " in " + run.out());
        }
    }

    @Test
    void shouldEvaluateTheSpecAsWrittenForComparisonsAndBaselines(@TempDir Path dir) throws Exception {
        Path spec = wineWith(dir, "auto: {grid: default}\n");
        for (String[] options : new String[][] {{"--compare", "seed=1,2"}, {"--baseline", "single-task"}}) {
            CommandRun withAuto = CommandRun.of(concat(new String[] {"evaluate", "--config", spec.toString(),
                    "--data", TRAIN, "--test", TEST}, options));
            CommandRun plain = CommandRun.of(concat(new String[] {"evaluate", "--config", "deploy/config/wine.yaml",
                    "--data", TRAIN, "--test", TEST}, options));
            assertEquals(0, withAuto.code(), withAuto.err());
            assertTrue(withAuto.out().startsWith("note: "), withAuto.out());
            assertEquals(withoutTimings(plain.out()),
                    withoutTimings(withAuto.out().substring(withAuto.out().indexOf('\n') + 1)),
                    "the plain spec's figures, after the note");
        }
    }

    private static String withoutTimings(String text) {
        return text.replaceAll(" in [0-9.]+ s \\([0-9]+ examples/s\\)", "");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void shouldNameTheVariantWhoseChangesBreakTheSpec(@TempDir Path dir) throws Exception {
        Path spec = wineWith(dir, "auto: {variants: [{name: broken, lr: -1}]}\n");
        CommandRun run = CommandRun.of("evaluate", "--config", spec.toString(), "--data", TRAIN);
        assertEquals(ExitCodes.BAD_INPUT, run.code());
        assertTrue(run.err().contains("broken") && run.err().contains("optimizer.lr"), run.err());
    }
}
