package io.streammtl.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code evaluate} prints the drift challengers' races and adoptions, for one model and per compared variant. */
class EvaluateChallengeCountTest {
    private static final Pattern COUNT = Pattern.compile("(?m)^(\\S+ )?y: drift challenger races started (\\d+), adopted (\\d+)$");

    /** A binary concept, a > b, that inverts halfway: a challenger that learns faster wins after the change. */
    private static Path[] flip(Path dir, String response) throws Exception {
        Path spec = dir.resolve("flip.yaml");
        Files.writeString(spec, """
                features: [{name: a}, {name: b}]
                tasks:
                  - {name: y, kind: binary, drift: {detector: adwin, response: %s}}
                  - {name: z, kind: binary, label: {column: y}}
                trunk: {layers: [8]}
                training: {batch_size: 8}
                """.formatted(response));
        StringBuilder csv = new StringBuilder("a,b,y\n");
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 6000; i++) {
            double a = random.nextDouble();
            double b = random.nextDouble();
            boolean label = i < 3000 ? a > b : a <= b;
            csv.append(a).append(',').append(b).append(',').append(label ? 1 : 0).append('\n');
        }
        Path data = dir.resolve("flip.csv");
        Files.writeString(data, csv);
        return new Path[] {spec, data};
    }

    @Test
    void shouldPrintTheRacesEveryChallengeSignalStartedAndTheAdoptions(@TempDir Path dir) throws Exception {
        Path[] files = flip(dir, "challenge");
        CommandRun run = CommandRun.of("evaluate", "--config", files[0].toString(), "--data", files[1].toString());
        assertEquals(0, run.code(), run.err());
        Matcher count = COUNT.matcher(run.out());
        assertTrue(count.find(), run.out());
        long signalled = Pattern.compile("(?m)^y: adwin drift .*, response challenge$").matcher(run.out())
                .results().count();
        assertEquals(signalled, Long.parseLong(count.group(2)), run.out());
        assertTrue(Long.parseLong(count.group(3)) >= 1, "the inverted concept's challenger is adopted: " + run.out());
        assertTrue(Long.parseLong(count.group(3)) <= Long.parseLong(count.group(2)));
        assertFalse(run.out().contains("z: drift challenger"), "z has no detector: " + run.out());
    }

    @Test
    void shouldPrintTheCountsOfEachComparedVariant(@TempDir Path dir) throws Exception {
        Path[] files = flip(dir, "challenge");
        CommandRun run = CommandRun.of("evaluate", "--config", files[0].toString(), "--data", files[1].toString(),
                "--compare", "seed=1,2");
        assertEquals(0, run.code(), run.err());
        assertEquals(2, COUNT.matcher(run.out()).results().count(), run.out());
        assertTrue(run.out().contains("seed=1 y: drift challenger races started ")
                && run.out().contains("seed=2 y: drift challenger races started "), run.out());
    }

    @Test
    void shouldPrintNoCountWhereDriftGetsAnotherResponse(@TempDir Path dir) throws Exception {
        Path[] files = flip(dir, "reset_head");
        CommandRun run = CommandRun.of("evaluate", "--config", files[0].toString(), "--data", files[1].toString());
        assertEquals(0, run.code(), run.err());
        assertFalse(run.out().contains("drift challenger"), run.out());
    }
}
