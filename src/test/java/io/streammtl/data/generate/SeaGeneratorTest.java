package io.streammtl.data.generate;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Predicate;

import static io.streammtl.data.generate.GeneratedRows.label;
import static io.streammtl.data.generate.GeneratedRows.share;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SeaGeneratorTest {
    private static SeaGenerator sea(DriftKind kind, long rows, long seed, double noise) {
        return new SeaGenerator(DriftSchedule.of(kind, rows, 1000), seed, noise);
    }

    private static Predicate<double[]> follows(double threshold) {
        return row -> (row[0] + row[1] <= threshold) == (label(row) == 1);
    }

    @Test
    void sameSeedGivesIdenticalRowsAndAnotherSeedDoesNot() {
        SeaGenerator a = sea(DriftKind.ABRUPT, 100, 7, 0.1);
        SeaGenerator b = sea(DriftKind.ABRUPT, 100, 7, 0.1);
        SeaGenerator c = sea(DriftKind.ABRUPT, 100, 8, 0.1);
        boolean differs = false;
        for (int i = 0; i < 100; i++) {
            String[] row = a.next();
            assertArrayEquals(row, b.next(), "row " + (i + 1));
            differs |= !Arrays.equals(row, c.next());
        }
        assertTrue(differs);
    }

    @Test
    void headerNamesThreeFeaturesAndTheLabel() {
        SeaGenerator sea = sea(DriftKind.ABRUPT, 10, 42, 0.1);
        assertEquals(List.of("x1", "x2", "x3", "y"), sea.header());
        String[] row = sea.next();
        assertTrue(row[3].equals("0") || row[3].equals("1"), row[3]);
        assertTrue(Double.parseDouble(row[0]) >= 0 && Double.parseDouble(row[0]) <= 10, row[0]);
    }

    @Test
    void withoutNoiseEveryRowFollowsTheThresholdOfItsSideOfTheChangePoint() {
        SeaGenerator sea = sea(DriftKind.ABRUPT, 20_000, 42, 0);
        assertEquals(List.of(10_001L), sea.changePoints());
        GeneratedRows rows = GeneratedRows.of(sea);
        assertEquals(1.0, share(rows.between(1, 10_000), follows(8)));
        assertEquals(1.0, share(rows.between(10_001, 20_000), follows(9)));
        // Only rows with 8 < x1 + x2 ≤ 9 (8.5 %) tell the two thresholds apart.
        double oldRuleAfter = share(rows.between(10_001, 20_000), follows(8));
        assertEquals(0.915, oldRuleAfter, 0.01);
    }

    @Test
    void agreementWithThePreChangeThresholdDropsAfterTheChangeDespiteNoise() {
        GeneratedRows rows = GeneratedRows.of(sea(DriftKind.ABRUPT, 20_000, 42, 0.1));
        double before = share(rows.between(1, 10_000), follows(8));
        double after = share(rows.between(10_001, 20_000), follows(8));
        assertEquals(0.9, before, 0.01, "10 % of labels flipped");
        assertTrue(before - after > 0.05, "before " + before + ", after " + after);
    }

    @Test
    void threeChangesWalkThroughTheFourClassicThresholds() {
        SeaGenerator sea = new SeaGenerator(DriftSchedule.of(DriftKind.ABRUPT, 40_000, 3, 1000), 42, 0);
        GeneratedRows rows = GeneratedRows.of(sea);
        double[] thresholds = {8, 9, 7, 9.5};
        for (int s = 0; s < 4; s++) {
            assertEquals(thresholds[s], SeaGenerator.threshold(s));
            assertEquals(1.0, share(rows.between(s * 10_000L + 1, (s + 1) * 10_000L), follows(thresholds[s])),
                    "segment " + (s + 1));
        }
    }

    @Test
    void recurringSegmentsOneAndThreeFollowTheFirstConceptAndTwoAndFourTheSecond() {
        GeneratedRows rows = GeneratedRows.of(sea(DriftKind.RECURRING, 20_000, 42, 0));
        for (int s = 0; s < 4; s++) {
            List<double[]> segment = rows.between(s * 5000L + 1, (s + 1) * 5000L);
            assertEquals(1.0, share(segment, follows(s % 2 == 0 ? 8 : 9)), "segment " + (s + 1));
            assertTrue(share(segment, follows(s % 2 == 0 ? 9 : 8)) < 0.95, "segment " + (s + 1) + " is not the other");
        }
    }

    @Test
    void gradualShareOfTheNewThresholdRisesMonotonicallyAcrossTheWindow() {
        SeaGenerator sea = new SeaGenerator(DriftSchedule.of(DriftKind.GRADUAL, 200_000, 100_000), 42, 0);
        GeneratedRows rows = GeneratedRows.of(sea);
        // Among rows with 8 < x1 + x2 ≤ 9 the label is 1 exactly when the row follows the new threshold.
        Predicate<double[]> telling = row -> row[0] + row[1] > 8 && row[0] + row[1] <= 9;
        List<Double> shares = rows.bucketShares(100_001, 200_000, 5, telling, row -> label(row) == 1);
        for (int b = 0; b < shares.size(); b++) {
            assertEquals((b + 0.5) / 5, shares.get(b), 0.06, "bucket " + (b + 1) + " of " + shares);
            if (b > 0) {
                assertTrue(shares.get(b) > shares.get(b - 1), "rising: " + shares);
            }
        }
        assertEquals(0.0, share(rows.between(1, 100_000).stream().filter(telling).toList(), r -> label(r) == 1));
    }

    @Test
    void theDriftKindChangesLabelsButNotFeatures() {
        SeaGenerator abrupt = sea(DriftKind.ABRUPT, 1000, 42, 0.1);
        SeaGenerator recurring = sea(DriftKind.RECURRING, 1000, 42, 0.1);
        for (int i = 0; i < 1000; i++) {
            assertArrayEquals(Arrays.copyOf(abrupt.next(), 3), Arrays.copyOf(recurring.next(), 3), "row " + (i + 1));
        }
    }

    @Test
    void refusesARowPastTheEndAndNoiseOutsideZeroToOne() {
        SeaGenerator sea = sea(DriftKind.ABRUPT, 2, 42, 0.1);
        sea.next();
        sea.next();
        assertThrows(NoSuchElementException.class, sea::next);
        assertThrows(IllegalArgumentException.class, () -> sea(DriftKind.ABRUPT, 2, 42, 1.5));
        assertFalse(sea.changePoints().isEmpty());
    }
}
