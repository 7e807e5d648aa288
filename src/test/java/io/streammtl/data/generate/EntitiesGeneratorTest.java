package io.streammtl.data.generate;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The entities generator's rows: repeatable per seed, uneven, late entities late, and a real per-entity structure. */
class EntitiesGeneratorTest {
    private static List<EntityRow> rows(EntitiesGenerator generator) {
        List<EntityRow> out = new ArrayList<>();
        for (long r = 0; r < generator.rows(); r++) {
            out.add(generator.next());
        }
        return out;
    }

    private static List<String> text(EntitiesSettings settings) {
        return rows(new EntitiesGenerator(settings)).stream()
                .map(r -> r.entity() + " " + Arrays.toString(r.features()) + " " + r.y() + " " + r.above()).toList();
    }

    private static long[] streamCounts(List<EntityRow> rows, int members) {
        long[] counts = new long[members];
        rows.stream().filter(r -> !r.heldOut()).forEach(r -> counts[r.entity()]++);
        return counts;
    }

    @Test
    void shouldRepeatItsRowsForASeedAndChangeThemForAnother() {
        List<String> first = text(new EntitiesSettings(8, 500, 3, 0.5, 0.25, 7));
        assertEquals(first, text(new EntitiesSettings(8, 500, 3, 0.5, 0.25, 7)));
        assertNotEquals(first, text(new EntitiesSettings(8, 500, 3, 0.5, 0.25, 8)));
    }

    @Test
    void shouldWriteTheStreamThenATenthAsManyHeldOutRows() {
        List<EntityRow> rows = rows(new EntitiesGenerator(new EntitiesSettings(5, 400, 2, 0.5, 0.2, 1)));
        assertEquals(440, rows.size());
        assertTrue(rows.subList(0, 400).stream().noneMatch(EntityRow::heldOut));
        assertTrue(rows.subList(400, 440).stream().allMatch(EntityRow::heldOut));
    }

    @Test
    void shouldGiveEntitiesZipfLikeRowCounts() {
        long[] counts = streamCounts(rows(new EntitiesGenerator(new EntitiesSettings(20, 20_000, 2, 0.5, 0, 3))), 20);
        long min = Arrays.stream(counts).min().orElseThrow();
        long max = Arrays.stream(counts).max().orElseThrow();
        // Shares 1/1 .. 1/20 of H_20 ≈ 3.6: about 5,560 rows for the largest, 280 for the smallest.
        assertTrue(min > 150, "every entity has rows: " + Arrays.toString(counts));
        assertTrue(max > 10 * min, "the largest entity has many times the smallest's rows: " + Arrays.toString(counts));
    }

    @Test
    void shouldKeepEveryRowOfALateEntityInTheStreamsSecondHalf() {
        EntitiesGenerator generator = new EntitiesGenerator(new EntitiesSettings(20, 4000, 2, 0.5, 0.2, 5));
        List<EntityRow> rows = rows(generator);
        long[] firstRow = new long[20];
        Arrays.fill(firstRow, -1);
        for (int r = 0; r < 4000; r++) {
            int k = rows.get(r).entity();
            if (firstRow[k] < 0) {
                firstRow[k] = r;
            }
        }
        int late = 0;
        for (int k = 0; k < 20; k++) {
            if (generator.isLate(k)) {
                late++;
                assertTrue(firstRow[k] >= 2000, "late entity " + k + " first appears at row " + firstRow[k]);
            } else {
                assertTrue(firstRow[k] >= 0 && firstRow[k] < 2000, "entity " + k + " appears in the first half");
            }
        }
        assertEquals(4, late, "a fifth of the entities are late");
        assertTrue(Arrays.stream(firstRow).allMatch(r -> r >= 0), "every entity appears");
    }

    @Test
    void shouldGiveEachEntityItsOwnOffsetFarBeyondTheNoise() {
        double noise = 0.5;
        EntitiesGenerator generator = new EntitiesGenerator(new EntitiesSettings(10, 20_000, 4, noise, 0, 11));
        double[] sum = new double[10];
        long[] n = new long[10];
        for (EntityRow row : rows(generator)) {
            sum[row.entity()] += row.y() - EntitiesGenerator.common(row.features());
            n[row.entity()]++;
        }
        double[] means = new double[10];
        double grand = 0;
        long fewest = Long.MAX_VALUE;
        for (int k = 0; k < 10; k++) {
            means[k] = sum[k] / n[k];
            grand += means[k] / 10;
            fewest = Math.min(fewest, n[k]);
            double spread = (noise + Math.abs(generator.slope(k))) / Math.sqrt(n[k]);
            assertEquals(generator.offset(k), means[k], 5 * spread, "entity " + k + "'s mean residual is its offset");
        }
        double variance = 0;
        for (double mean : means) {
            variance += (mean - grand) * (mean - grand) / 9;
        }
        double noiseOfAMean = (noise + 1.5) / Math.sqrt(fewest);
        assertTrue(Math.sqrt(variance) > 10 * noiseOfAMean,
                "entities' mean residuals differ by " + Math.sqrt(variance) + ", noise alone " + noiseOfAMean);
    }

    @Test
    void shouldLabelAboveWhenYIsAboveTheEntitysOffset() {
        EntitiesGenerator generator = new EntitiesGenerator(new EntitiesSettings(6, 1000, 3, 0.5, 0.2, 2));
        int above = 0;
        for (EntityRow row : rows(generator)) {
            assertEquals(row.y() > generator.offset(row.entity()), row.above());
            above += row.above() ? 1 : 0;
        }
        assertTrue(above > 300 && above < 800, "both classes are common: " + above + " of 1100 above");
    }

    @Test
    void shouldRejectSettingsOutOfRange() {
        assertEquals("members must be 1 to 10000, got 0", assertThrows(IllegalArgumentException.class,
                () -> new EntitiesSettings(0, 10, 1, 0, 0, 1)).getMessage());
        assertEquals("late fraction must be from 0 to below 1, got 1.0", assertThrows(IllegalArgumentException.class,
                () -> new EntitiesSettings(5, 10, 1, 0, 1, 1)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new EntitiesSettings(5, 0, 1, 0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new EntitiesSettings(5, 10, 0, 0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new EntitiesSettings(5, 10, 1, Double.NaN, 0, 1));
    }

    @Test
    void shouldAlwaysKeepOneEntityFromTheStart() {
        assertEquals(1, new EntitiesSettings(2, 10, 1, 0, 0.9, 1).lateMembers());
        assertEquals(0, new EntitiesSettings(1, 10, 1, 0, 0.5, 1).lateMembers());
    }
}
