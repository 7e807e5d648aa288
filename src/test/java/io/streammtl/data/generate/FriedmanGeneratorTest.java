package io.streammtl.data.generate;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

import static io.streammtl.data.generate.GeneratedRows.correlation;
import static io.streammtl.data.generate.GeneratedRows.label;
import static io.streammtl.data.generate.GeneratedRows.share;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FriedmanGeneratorTest {
    private static final int X4 = 3;
    private static final int X9 = 8;

    private static FriedmanGenerator friedman(DriftKind kind, long rows, long width, double noise) {
        return new FriedmanGenerator(DriftSchedule.of(kind, rows, width), 42, noise);
    }

    /** Whether a noise-free row's target is concept {@code concept}'s function of its features. */
    private static Predicate<double[]> follows(int concept) {
        return row -> Math.abs(label(row) - FriedmanGenerator.target(concept, Arrays.copyOf(row, 10))) < 1e-5;
    }

    @Test
    void sameSeedGivesIdenticalRows() {
        FriedmanGenerator a = friedman(DriftKind.ABRUPT, 1000, 100, 1.0);
        FriedmanGenerator b = friedman(DriftKind.ABRUPT, 1000, 100, 1.0);
        for (int i = 0; i < 1000; i++) {
            assertArrayEquals(a.next(), b.next(), "row " + (i + 1));
        }
    }

    @Test
    void targetIsFriedmanNumberOneOfTheFirstFiveFeatures() {
        double[] x = {0.5, 1, 0.25, 0.1, 0.2, 0, 0, 0, 0, 0};
        assertEquals(10 + 20 * 0.0625 + 1 + 1, FriedmanGenerator.target(0, x), 1e-12);
        assertEquals(20 * 0.25, FriedmanGenerator.target(1, x), 1e-12, "concept B reads x6..x10 only");
    }

    @Test
    void abruptChangeMovesTheDependenceFromX4ToX9() {
        FriedmanGenerator friedman = friedman(DriftKind.ABRUPT, 20_000, 1000, 1.0);
        assertEquals(List.of(10_001L), friedman.changePoints());
        GeneratedRows rows = GeneratedRows.of(friedman);
        List<double[]> before = rows.between(1, 10_000);
        List<double[]> after = rows.between(10_001, 20_000);
        assertTrue(correlation(before, X4) > 0.4, "corr(y, x4) before " + correlation(before, X4));
        assertTrue(Math.abs(correlation(before, X9)) < 0.05, "corr(y, x9) before " + correlation(before, X9));
        assertTrue(Math.abs(correlation(after, X4)) < 0.05, "corr(y, x4) after " + correlation(after, X4));
        assertTrue(correlation(after, X9) > 0.4, "corr(y, x9) after " + correlation(after, X9));
    }

    @Test
    void withoutNoiseEveryTargetIsItsConceptsFunction() {
        GeneratedRows rows = GeneratedRows.of(friedman(DriftKind.ABRUPT, 2000, 100, 0));
        assertEquals(1.0, share(rows.between(1, 1000), follows(0)));
        assertEquals(1.0, share(rows.between(1001, 2000), follows(1)));
    }

    @Test
    void noiseHasTheRequestedStandardDeviation() {
        FriedmanGenerator friedman = friedman(DriftKind.ABRUPT, 20_000, 1000, 2.0);
        GeneratedRows rows = GeneratedRows.of(friedman);
        double sumSquares = 0;
        for (double[] row : rows.between(1, 10_000)) {
            double residual = label(row) - FriedmanGenerator.target(0, Arrays.copyOf(row, 10));
            sumSquares += residual * residual;
        }
        assertEquals(2.0, Math.sqrt(sumSquares / 10_000), 0.05);
    }

    @Test
    void gradualShareOfTheNewFunctionRisesMonotonicallyAcrossTheWindow() {
        GeneratedRows rows = GeneratedRows.of(friedman(DriftKind.GRADUAL, 20_000, 5000, 0));
        List<Double> shares = rows.bucketShares(10_001, 15_000, 5, row -> true, follows(1));
        for (int b = 0; b < 5; b++) {
            assertEquals((b + 0.5) / 5, shares.get(b), 0.06, "bucket " + (b + 1) + " of " + shares);
            if (b > 0) {
                assertTrue(shares.get(b) > shares.get(b - 1), "rising: " + shares);
            }
        }
        assertEquals(1.0, share(rows.between(1, 10_000), follows(0)));
        assertEquals(1.0, share(rows.between(15_001, 20_000), follows(1)));
    }

    @Test
    void recurringSegmentsOneAndThreeDependOnX4AndTwoAndFourOnX9() {
        GeneratedRows rows = GeneratedRows.of(friedman(DriftKind.RECURRING, 20_000, 1000, 1.0));
        for (int s = 0; s < 4; s++) {
            List<double[]> segment = rows.between(s * 5000L + 1, (s + 1) * 5000L);
            int relevant = s % 2 == 0 ? X4 : X9;
            int irrelevant = s % 2 == 0 ? X9 : X4;
            assertTrue(correlation(segment, relevant) > 0.4, "segment " + (s + 1));
            assertTrue(Math.abs(correlation(segment, irrelevant)) < 0.06, "segment " + (s + 1));
        }
    }
}
