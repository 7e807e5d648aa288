package io.streammtl.data.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class CsvExceptionTest {

    @Test
    void shouldFormatSourceLineColumnAndDetail() {
        CsvException e = CsvException.at("a.csv", 7, "pH", "not a number: 'x'");

        assertEquals("a.csv:7: column 'pH': not a number: 'x'", e.getMessage());
        assertEquals("a.csv", e.source());
        assertEquals(7, e.line());
        assertEquals("pH", e.column());
        assertEquals("not a number: 'x'", e.detail());
    }

    @Test
    void shouldOmitColumnWhenAbsent() {
        assertEquals("a.csv:3: expected 2 fields, found 1",
                CsvException.at("a.csv", 3, "expected 2 fields, found 1").getMessage());
    }

    @Test
    void shouldOmitLineWhenZero() {
        CsvException e = CsvException.of("a.csv", "file not found");

        assertEquals("a.csv: file not found", e.getMessage());
        assertEquals(0, e.line());
        assertNull(e.column());
    }

    @Test
    void shouldKeepColumnWithoutLine() {
        assertEquals("a.csv: column 'x': missing", CsvException.at("a.csv", 0, "x", "missing").getMessage());
    }

    @Test
    void shouldKeepCause() {
        IOException cause = new IOException("disk");

        CsvException e = CsvException.caused("a.csv", 2, "read failed", cause);

        assertSame(cause, e.getCause());
        assertEquals("a.csv:2: read failed", e.getMessage());
    }
}
