package io.streammtl.data.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvHeaderTest {

    @Test
    void shouldUnquoteAndTrimHeaderNames() {
        try (CsvReader reader = CsvTestSupport.open(" a ,\"b \", \"c\"\n1,2,3\n")) {
            assertEquals(List.of("a", "b", "c"), reader.header());
        }
    }

    @Test
    void shouldFindColumnIndexByName() {
        try (CsvReader reader = CsvTestSupport.open("a,b,c\n")) {
            assertEquals(0, reader.columnIndex("a"));
            assertEquals(2, reader.columnIndex("c"));
            assertEquals(-1, reader.columnIndex("z"));
            assertEquals(1, reader.requireColumn("b"));
        }
    }

    @Test
    void shouldListColumnsWhenRequiredColumnIsMissing() {
        try (CsvReader reader = CsvTestSupport.open("a,b,c\n1,2,3\n")) {
            CsvException e = assertThrows(CsvException.class, () -> reader.requireColumn("quality"));

            assertEquals("test.csv:1: column 'quality': not in header (columns: a, b, c)", e.getMessage());
            assertEquals("quality", e.column());
        }
    }

    @Test
    void shouldRejectDuplicateHeaderName() {
        CsvException e = assertThrows(CsvException.class, () -> CsvTestSupport.open("\n\na,b,a\n1,2,3\n"));

        assertEquals("test.csv:3: column 'a': duplicate header name at positions 1 and 3", e.getMessage());
        assertEquals(3, e.line());
    }

    @Test
    void shouldRejectNamesThatAreDuplicatesOnlyAfterTrimming() {
        CsvException e = assertThrows(CsvException.class, () -> CsvTestSupport.open("a, a\n"));

        assertEquals("a", e.column());
    }

    @Test
    void shouldRejectBlankHeaderName() {
        CsvException e = assertThrows(CsvException.class, () -> CsvTestSupport.open("a,  ,c\n1,2,3\n"));

        assertEquals("test.csv:1: blank header name at position 2 of 3", e.getMessage());
    }

    @Test
    void shouldRejectEmptyInput() {
        CsvException e = assertThrows(CsvException.class, () -> CsvTestSupport.open("\n\n"));

        assertEquals("test.csv: empty file, expected a header line", e.getMessage());
    }

    @Test
    void shouldExposeHeaderAsUnmodifiableList() {
        try (CsvReader reader = CsvTestSupport.open("a,b\n")) {
            assertThrows(UnsupportedOperationException.class, () -> reader.header().add("c"));
        }
    }
}
