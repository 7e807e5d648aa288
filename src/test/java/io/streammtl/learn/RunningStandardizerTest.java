package io.streammtl.learn;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RunningStandardizerTest {
    @Test
    void shouldMatchTwoPassMeanAndPopulationStd() {
        double[] values = {2, 4, 4, 4, 5, 5, 7, 9};
        RunningStandardizer s = new RunningStandardizer(1);
        for (double v : values) {
            s.update(0, v);
        }
        assertEquals(5.0, s.mean(0), 1e-12);
        assertEquals(2.0, s.std(0), 1e-12);
        assertEquals(1.0f, s.standardize(0, 7), 1e-6f);
        assertEquals(7.0, s.restore(0, 1.0), 1e-12);
    }

    @Test
    void shouldScaleByOneWithoutSpread() {
        RunningStandardizer s = new RunningStandardizer(1);
        s.update(0, 3);
        assertEquals(1.0, s.std(0));
        s.update(0, 3);
        assertEquals(1.0, s.std(0));
        assertEquals(2.0f, s.standardize(0, 5));
    }
}
