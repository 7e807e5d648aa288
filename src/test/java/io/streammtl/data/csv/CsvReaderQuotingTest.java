package io.streammtl.data.csv;

import static io.streammtl.data.csv.CsvTestSupport.lines;
import static io.streammtl.data.csv.CsvTestSupport.readAll;
import static io.streammtl.data.csv.CsvTestSupport.values;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvReaderQuotingTest {

    @Test
    void shouldKeepDelimiterInsideQuotedField() {
        List<CsvRow> rows = readAll("name,city\n\"Doe, John\",\"Paris, FR\"\n");

        assertEquals(List.of(List.of("Doe, John", "Paris, FR")), values(rows));
    }

    @Test
    void shouldTurnDoubledQuotesIntoOneQuote() {
        List<CsvRow> rows = readAll("a,b\n\"say \"\"hi\"\"\",\"\"\"\"\n");

        assertEquals(List.of(List.of("say \"hi\"", "\"")), values(rows));
    }

    @Test
    void shouldKeepLineBreaksInsideQuotedFieldAndCountThemAsLines() {
        List<CsvRow> rows = readAll("id,text\n1,\"first\nsecond\nthird\"\n2,plain\n3,\"x\r\ny\"\n4,z\n");

        assertEquals(List.of(
                List.of("1", "first\nsecond\nthird"),
                List.of("2", "plain"),
                List.of("3", "x\r\ny"),
                List.of("4", "z")), values(rows));
        assertEquals(List.of(2L, 5L, 6L, 8L), lines(rows));
    }

    @Test
    void shouldHandleCrlfLineEndings() {
        List<CsvRow> rows = readAll("a,b\r\n1,2\r\n\r\n3,4\r\n");

        assertEquals(List.of(List.of("1", "2"), List.of("3", "4")), values(rows));
        assertEquals(List.of(2L, 4L), lines(rows));
    }

    @Test
    void shouldTreatLoneCarriageReturnAsLineEnd() {
        List<CsvRow> rows = readAll("a,b\r1,2\r3,4");

        assertEquals(List.of(List.of("1", "2"), List.of("3", "4")), values(rows));
        assertEquals(List.of(2L, 3L), lines(rows));
    }

    @Test
    void shouldSkipUtf8ByteOrderMark() {
        try (CsvReader reader = CsvTestSupport.open("\uFEFF\"x\";\"y\"\n1;2\n")) {
            assertEquals(List.of("x", "y"), reader.header());
            assertEquals(';', reader.delimiter());
            assertEquals(0, reader.columnIndex("x"));
        }
    }

    @Test
    void shouldSkipBlankLinesAndKeepLineNumbers() {
        List<CsvRow> rows = readAll("a,b\n\n1,2\n   \n\n3,4\n");

        assertEquals(List.of(List.of("1", "2"), List.of("3", "4")), values(rows));
        assertEquals(List.of(3L, 6L), lines(rows));
    }

    @Test
    void shouldReadLastRecordWithoutTrailingNewline() {
        assertEquals(List.of(List.of("1", "2")), values(readAll("a,b\n1,2")));
    }

    @Test
    void shouldKeepEmptyFields() {
        assertEquals(List.of(List.of("", "", "")), values(readAll("a,b,c\n,,\n")));
    }

    @Test
    void shouldKeepQuotedEmptyFieldOnSingleColumnLine() {
        assertEquals(List.of(List.of("")), values(readAll("a\n\"\"\n")));
    }

    @Test
    void shouldNotTrimUnquotedDataFields() {
        assertEquals(List.of(List.of(" 1", "2 ")), values(readAll("a,b\n 1,2 \n")));
    }

    @Test
    void shouldAllowSpacesAroundQuotedField() {
        assertEquals(List.of(List.of("x,y", "z")), values(readAll("a,b\n  \"x,y\"  ,z\n")));
    }

    @Test
    void shouldKeepQuoteInsideUnquotedFieldLiterally() {
        assertEquals(List.of(List.of("5\"", "x")), values(readAll("a,b\n5\",x\n")));
    }

    @Test
    void shouldReadTabSeparatedFieldAfterClosingQuote() {
        List<CsvRow> rows = readAll("a\tb\n\"x\"\ty\n");

        assertEquals(List.of(List.of("x", "y")), values(rows));
    }
}
