package io.streammtl.learn.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WindowBufferTest {

    private static void append(WindowBuffer buffer, double a, double b, double c) {
        int row = buffer.claim();
        buffer.set(row, 0, a);
        buffer.set(row, 1, b);
        buffer.set(row, 2, c);
    }

    @Test
    void shouldHoldRowsInArrivalOrderBeforeFilling() {
        WindowBuffer buffer = new WindowBuffer(4, 3);
        append(buffer, 1, 10, 100);
        append(buffer, 2, 20, 200);

        assertEquals(2, buffer.size());
        assertArrayEquals(new double[] {1, 2}, buffer.column(0));
    }

    @Test
    void shouldKeepOnlyNewestRowsOldestFirstAfterWrapping() {
        WindowBuffer buffer = new WindowBuffer(3, 3);
        for (int i = 1; i <= 5; i++) {
            append(buffer, i, 10 * i, 100 * i);
        }

        assertEquals(3, buffer.size());
        assertArrayEquals(new double[] {3, 4, 5}, buffer.column(0));
        double[][] rows = buffer.rows(1, 2);
        assertArrayEquals(new double[] {30, 300}, rows[0]);
        assertArrayEquals(new double[] {50, 500}, rows[2]);
    }

    @Test
    void shouldRejectWindowBelowOneNamingTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new WindowBuffer(0, 2));

        assertTrue(e.getMessage().contains("0"), e.getMessage());
    }
}
