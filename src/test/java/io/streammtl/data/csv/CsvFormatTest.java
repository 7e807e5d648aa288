package io.streammtl.data.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CsvFormatTest {

    @Test
    void shouldDetectWithDoubleQuotesByDefault() {
        CsvFormat format = CsvFormat.detect();

        assertNull(format.delimiter());
        assertEquals('"', format.quote());
        assertTrue(format.detectsDelimiter());
    }

    @Test
    void shouldFixGivenDelimiter() {
        CsvFormat format = CsvFormat.of(';');

        assertEquals(';', format.delimiter());
        assertEquals('"', format.quote());
        assertFalse(format.detectsDelimiter());
    }

    @Test
    void shouldRejectDelimiterEqualToQuote() {
        assertThrows(IllegalArgumentException.class, () -> CsvFormat.of('"'));
    }

    @Test
    void shouldRejectLineBreakAsDelimiter() {
        assertThrows(IllegalArgumentException.class, () -> CsvFormat.of('\n'));
    }
}
