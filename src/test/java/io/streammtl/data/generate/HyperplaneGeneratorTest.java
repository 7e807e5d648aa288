package io.streammtl.data.generate;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

import static io.streammtl.data.generate.GeneratedRows.label;
import static io.streammtl.data.generate.GeneratedRows.share;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HyperplaneGeneratorTest {
    private static HyperplaneGenerator hyperplane(DriftKind kind, long rows, long width, double noise) {
        return new HyperplaneGenerator(DriftSchedule.of(kind, rows, width), 42, noise);
    }

    /** Whether a row's label is what the hyperplane with weights {@code w} gives. */
    private static Predicate<double[]> follows(double[] w) {
        return row -> {
            double dot = 0;
            double total = 0;
            for (int i = 0; i < w.length; i++) {
                dot += w[i] * row[i];
                total += w[i];
            }
            return (dot >= total / 2) == (label(row) == 1);
        };
    }

    @Test
    void sameSeedGivesIdenticalRowsAndWeights() {
        HyperplaneGenerator a = hyperplane(DriftKind.GRADUAL, 4000, 1000, 0.05);
        HyperplaneGenerator b = hyperplane(DriftKind.GRADUAL, 4000, 1000, 0.05);
        assertArrayEquals(a.weights(1), b.weights(1));
        for (int i = 0; i < 4000; i++) {
            assertArrayEquals(a.next(), b.next(), "row " + (i + 1));
        }
    }

    @Test
    void headerNamesTenFeaturesAndTheLabel() {
        HyperplaneGenerator hyperplane = hyperplane(DriftKind.ABRUPT, 10, 1, 0.05);
        assertEquals(11, hyperplane.header().size());
        assertEquals("x10", hyperplane.header().get(9));
        assertEquals("y", hyperplane.header().get(10));
    }

    @Test
    void abruptChangeSwapsTheWeightsAtTheChangePoint() {
        HyperplaneGenerator hyperplane = hyperplane(DriftKind.ABRUPT, 20_000, 1000, 0);
        double[] old = hyperplane.weights(0);
        double[] fresh = hyperplane.weights(1);
        assertFalse(Arrays.equals(old, fresh));
        GeneratedRows rows = GeneratedRows.of(hyperplane);
        assertEquals(1.0, share(rows.between(1, 10_000), follows(old)));
        assertEquals(1.0, share(rows.between(10_001, 20_000), follows(fresh)));
        double oldAfter = share(rows.between(10_001, 20_000), follows(old));
        assertTrue(oldAfter < 0.95, "the old hyperplane still labels " + oldAfter + " of the rows");
    }

    @Test
    void noiseFlipsAboutFivePercentOfLabelsByDefault() {
        HyperplaneGenerator hyperplane = hyperplane(DriftKind.ABRUPT, 20_000, 1000, 0.05);
        double[] old = hyperplane.weights(0);
        GeneratedRows rows = GeneratedRows.of(hyperplane);
        assertEquals(0.95, share(rows.between(1, 10_000), follows(old)), 0.01);
    }

    @Test
    void gradualChangeTurnsTheHyperplaneTowardTheNewWeightsAcrossTheWindow() {
        HyperplaneGenerator hyperplane = hyperplane(DriftKind.GRADUAL, 100_000, 50_000, 0);
        double[] old = hyperplane.weights(0);
        double[] fresh = hyperplane.weights(1);
        GeneratedRows rows = GeneratedRows.of(hyperplane);
        List<Double> toFresh = rows.bucketShares(50_001, 100_000, 5, row -> true, follows(fresh));
        List<Double> toOld = rows.bucketShares(50_001, 100_000, 5, row -> true, follows(old));
        for (int b = 1; b < 5; b++) {
            assertTrue(toFresh.get(b) > toFresh.get(b - 1), "agreement with the new weights rises: " + toFresh);
            assertTrue(toOld.get(b) < toOld.get(b - 1), "agreement with the old weights falls: " + toOld);
        }
        assertEquals(1.0, share(rows.between(1, 50_000), follows(old)));
    }

    @Test
    void recurringSegmentsOneAndThreeShareWeights() {
        HyperplaneGenerator hyperplane = hyperplane(DriftKind.RECURRING, 20_000, 1000, 0);
        double[] a = hyperplane.weights(0);
        double[] b = hyperplane.weights(1);
        GeneratedRows rows = GeneratedRows.of(hyperplane);
        for (int s = 0; s < 4; s++) {
            assertEquals(1.0, share(rows.between(s * 5000L + 1, (s + 1) * 5000L), follows(s % 2 == 0 ? a : b)),
                    "segment " + (s + 1));
        }
    }
}
