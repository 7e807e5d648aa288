package io.streammtl.data.generate;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DecimalsTest {
    @Test
    void formatsSixDecimalsWithoutExponentsAndKeepsTheSign() {
        assertEquals("0.000100", Decimals.format(1e-4));
        assertEquals("-12.345679", Decimals.format(-12.3456789));
        assertEquals("10.000000", Decimals.format(9.9999999));
    }

    @Test
    void parsingTheTextGivesBackTheRoundedValue() {
        for (double value : new double[] {0.1234565, 7.000000499, 0.9999996, 3.14159265}) {
            assertEquals(Decimals.round(value), Double.parseDouble(Decimals.format(value)), "value " + value);
        }
    }
}
