package io.streammtl.learn.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ScoreHistogramTest {

    @Test
    void shouldGiveFullCreditAcrossBinsAndHalfCreditWithinABin() {
        ScoreHistogram histogram = new ScoreHistogram();
        histogram.add(0.1, false);
        histogram.add(0.50001, false);
        histogram.add(0.50003, true);

        // Positive beats 0.1 outright but shares bin 5000 with 0.50001 -> (1 + 0.5) / 2.
        assertEquals(0.75, histogram.auc(), 1e-12);
    }

    @Test
    void shouldPlaceBoundaryAndOutOfRangeScoresInEdgeBins() {
        assertEquals(0, ScoreHistogram.bin(0.0));
        assertEquals(0, ScoreHistogram.bin(-0.3));
        assertEquals(ScoreHistogram.BINS - 1, ScoreHistogram.bin(1.0));
        assertEquals(ScoreHistogram.BINS - 1, ScoreHistogram.bin(1.7));
        assertEquals(1234, ScoreHistogram.bin(0.12345));
    }

    @Test
    void shouldReturnNaNWithOnlyOneClass() {
        ScoreHistogram histogram = new ScoreHistogram();
        histogram.add(0.2, true);

        assertTrue(Double.isNaN(histogram.auc()));
    }
}
