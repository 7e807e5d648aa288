package io.streammtl.data.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CsvReaderErrorTest {

    @Test
    void shouldReportTooFewFieldsWithLine() {
        try (CsvReader reader = CsvTestSupport.open("a,b,c\n1,2,3\n\n4,5\n")) {
            assertNotNull(reader.next());
            CsvException e = assertThrows(CsvException.class, reader::next);

            assertEquals("test.csv:4: expected 3 fields, found 2", e.getMessage());
            assertEquals(4, e.line());
        }
    }

    @Test
    void shouldReportTooManyFieldsAtLineWhereRecordStarts() {
        try (CsvReader reader = CsvTestSupport.open("a,b\n\"multi\nline\",2,3\n")) {
            CsvException e = assertThrows(CsvException.class, reader::next);

            assertEquals("test.csv:2: expected 2 fields, found 3", e.getMessage());
        }
    }

    @Test
    void shouldReportUnterminatedQuoteAtLineWhereItStarted() {
        try (CsvReader reader = CsvTestSupport.open("a,b\n1,2\n3,\"open\n4,5\n6,7\n")) {
            assertNotNull(reader.next());
            CsvException e = assertThrows(CsvException.class, reader::next);

            assertEquals("test.csv:3: unterminated quoted field in field 2", e.getMessage());
            assertEquals(3, e.line());
        }
    }

    @Test
    void shouldReportUnterminatedQuoteInHeader() {
        CsvException e = assertThrows(CsvException.class, () -> CsvTestSupport.open("\"a,b\n1,2\n"));

        assertEquals("test.csv:1: unterminated quoted field in field 1", e.getMessage());
    }

    @Test
    void shouldRejectTextAfterClosingQuote() {
        try (CsvReader reader = CsvTestSupport.open("a,b\n1,\"x\"y\n")) {
            CsvException e = assertThrows(CsvException.class, reader::next);

            assertEquals("test.csv:2: unexpected character 'y' after closing quote in field 2", e.getMessage());
        }
    }

    @Test
    void shouldRefuseReadingAfterClose() {
        CsvReader reader = CsvTestSupport.open("a\n1\n");
        reader.close();

        assertThrows(IllegalStateException.class, reader::next);
    }
}
