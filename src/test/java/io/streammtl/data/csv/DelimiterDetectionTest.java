package io.streammtl.data.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class DelimiterDetectionTest {

    private static char detected(String text) {
        try (CsvReader reader = CsvTestSupport.open(text)) {
            return reader.delimiter();
        }
    }

    @Test
    void shouldDetectSemicolonDelimiter() {
        assertEquals(';', detected("\"a\";\"b\";\"c\"\n1;2;3\n"));
    }

    @Test
    void shouldDetectCommaDelimiter() {
        assertEquals(',', detected("a,b,c\n1,2,3\n"));
    }

    @Test
    void shouldDetectTabDelimiter() {
        assertEquals('\t', detected("a\tb\tc\n1\t2\t3\n"));
    }

    @Test
    void shouldDetectPipeDelimiter() {
        assertEquals('|', detected("a|b|c\n1|2|3\n"));
    }

    @Test
    void shouldPickMostFrequentCandidate() {
        assertEquals(';', detected("a,b;c;d\n"));
    }

    @Test
    void shouldIgnoreCandidatesInsideQuotes() {
        assertEquals(';', detected("\"x,y,z\";\"w\"\n"));
    }

    @Test
    void shouldIgnoreCandidatesAfterHeaderLine() {
        assertEquals('|', detected("a|b\n1;2;3;4;5\n"));
    }

    @Test
    void shouldFallBackToCommaForSingleColumn() {
        try (CsvReader reader = CsvTestSupport.open("value\n1\n2\n")) {
            assertEquals(',', reader.delimiter());
            assertEquals(List.of("value"), reader.header());
            assertEquals(List.of(List.of("1"), List.of("2")), CsvTestSupport.values(CsvTestSupport.readAll(reader)));
        }
    }

    @Test
    void shouldDetectPastLeadingBlankLines() {
        assertEquals(';', detected("\n\na;b\n1;2\n"));
    }

    @Test
    void shouldPreferGivenDelimiterOverDetection() {
        try (CsvReader reader = CsvTestSupport.open("a;b,c\n1;2,3\n", CsvFormat.of(','))) {
            assertEquals(',', reader.delimiter());
            assertEquals(List.of("a;b", "c"), reader.header());
        }
    }
}
