package io.streammtl.cli;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code produce --label-delay DIST}: the three forms, in the spec's duration units, and errors that teach them. */
class LabelDelayTest {
    @Test
    void shouldReadEachFormInTheSpecsUnits() {
        assertEquals(new LabelDelay.Fixed(2000), LabelDelay.parse("fixed:2s"));
        assertEquals(new LabelDelay.Exponential(500), LabelDelay.parse("exp:500ms"));
        assertEquals(new LabelDelay.Uniform(0, 5000), LabelDelay.parse("uniform:0..5s"));
        assertEquals(new LabelDelay.Uniform(500, 120_000), LabelDelay.parse("Uniform: 500ms..2m"));
    }

    @Test
    void shouldDrawDelaysOfTheRightShape() {
        SplittableRandom random = new SplittableRandom(7);
        assertEquals(2000, LabelDelay.parse("fixed:2s").drawMillis(random));
        long[] uniform = LongStream.range(0, 2000).map(i -> LabelDelay.parse("uniform:1..3s").drawMillis(random))
                .toArray();
        assertTrue(LongStream.of(uniform).allMatch(d -> d >= 1000 && d <= 3000));
        assertEquals(2000, LongStream.of(uniform).average().orElseThrow(), 50);
        LabelDelay exp = LabelDelay.parse("exp:500ms");
        double mean = LongStream.range(0, 4000).map(i -> exp.drawMillis(random)).average().orElseThrow();
        assertEquals(500, mean, 30, "exponential of mean 500 ms");
    }

    @Test
    void shouldNameTheAcceptedFormsForABadDistribution() {
        for (String bad : new String[] {"2s", "normal:2s", "fixed:soon", "exp:0ms", "uniform:5s..1s", "uniform:3s",
                "fixed:-1s"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LabelDelay.parse(bad));
            assertTrue(e.getMessage().startsWith("'" + bad + "' is not a label delay"), e.getMessage());
            assertTrue(e.getMessage().contains("fixed:2s, exp:500ms"), e.getMessage());
        }
    }

    @Test
    void shouldMakeABadDistributionAParameterErrorOfTheOption() {
        CommandRun run = CommandRun.of("produce", "--config", "deploy/config/wine.yaml", "--data",
                "classpath:data/wine/red-test.csv", "--label-delay", "soon", "--bootstrap-servers", "127.0.0.1:1");
        assertEquals(2, run.code(), run.err());
        assertTrue(run.err().contains("--label-delay"), run.err());
        assertTrue(run.err().contains("uniform:0..5s"), run.err());
    }
}
