package io.streammtl.report;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SeriesValidationTest {

    @Test
    void scatterWithMismatchedLengthsNamesTheTask() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ScatterSeries("house_price", new double[3], new double[2]));
        assertTrue(e.getMessage().contains("house_price"), e.getMessage());
    }

    @Test
    void curveWithMismatchedLengthsNamesTheTask() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MetricCurve("churn", "accuracy", new long[4], new double[5]));
        assertTrue(e.getMessage().contains("churn"), e.getMessage());
    }
}
