package io.streammtl.data.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CsvReaderBufferBoundaryTest {

    private static final String TRICKY = "\uFEFF\"h 1\";h2;\"h3\"\r\n"
            + "\"a;b\";\"say \"\"hi\"\"\";plain\r\n"
            + "\r\n"
            + "\"multi\r\nline\nfield\";\"\";  \"padded\"  \r\n"
            + "x;y;z";

    private static List<CsvRow> read(int bufferSize) {
        try (CsvReader reader = CsvReader.open(new StringReader(TRICKY), "tricky.csv", CsvFormat.detect(), bufferSize)) {
            assertEquals(List.of("h 1", "h2", "h3"), reader.header());
            return CsvTestSupport.readAll(reader);
        }
    }

    @Test
    void shouldParseTrickyInputWithDefaultBuffer() {
        List<CsvRow> rows = read(RecordParser.DEFAULT_BUFFER_SIZE);

        assertEquals(List.of(
                List.of("a;b", "say \"hi\"", "plain"),
                List.of("multi\r\nline\nfield", "", "padded"),
                List.of("x", "y", "z")), CsvTestSupport.values(rows));
        assertEquals(List.of(2L, 4L, 7L), CsvTestSupport.lines(rows));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 7, 11, 16})
    void shouldGiveSameRowsWhateverTheBufferSize(int bufferSize) {
        assertEquals(read(RecordParser.DEFAULT_BUFFER_SIZE), read(bufferSize));
    }
}
