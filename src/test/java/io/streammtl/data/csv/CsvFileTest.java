package io.streammtl.data.csv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvFileTest {

    private static final List<String> WINE_COLUMNS = List.of(
            "fixed acidity", "volatile acidity", "citric acid", "residual sugar", "chlorides",
            "free sulfur dioxide", "total sulfur dioxide", "density", "pH", "sulphates", "alcohol", "quality");

    /** Only present on development machines, so the test using it is skipped elsewhere. */
    private static final Path FULL_RED_WINE = Path.of("src/main/resources/data/wine/winequality-red.csv");

    @TempDir
    Path dir;

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(CsvFileTest.class.getResource("/csv/" + name).toURI());
    }

    @Test
    void shouldReadWineQualityExcerpt() throws Exception {
        try (CsvReader reader = CsvReader.open(resource("winequality-red-excerpt.csv"), CsvFormat.detect())) {
            assertEquals(';', reader.delimiter());
            assertEquals(WINE_COLUMNS, reader.header());
            assertEquals(0, reader.requireColumn("fixed acidity"));
            assertEquals(11, reader.requireColumn("quality"));

            CsvRow first = reader.next();
            assertEquals(2, first.line());
            assertEquals("7.4", first.field(0));
            assertArrayEquals(new String[] {"7.4", "0.7", "0", "1.9", "0.076", "11", "34", "0.9978", "3.51", "0.56", "9.4", "5"},
                    first.fields());
            assertEquals("7.8", reader.next().field(0));
            CsvRow third = reader.next();
            assertEquals(4, third.line());
            assertEquals("0.04", third.field(2));
            assertNull(reader.next());
        }
    }

    @Test
    void shouldReadWholeRedWineFile() {
        try (CsvReader reader = CsvReader.open(FULL_RED_WINE, CsvFormat.detect())) {
            int rows = 0;
            long lastLine = 0;
            for (CsvRow row : reader) {
                Double.parseDouble(row.field(reader.requireColumn("alcohol")));
                rows++;
                lastLine = row.line();
            }

            assertEquals(WINE_COLUMNS, reader.header());
            assertEquals(1599, rows);
            assertEquals(1600, lastLine);
        }
    }

    @Test
    void shouldReportMissingFile() {
        Path missing = dir.resolve("nope.csv");

        CsvException e = assertThrows(CsvException.class, () -> CsvReader.open(missing, CsvFormat.detect()));

        assertEquals(missing + ": file not found", e.getMessage());
        assertEquals(0, e.line());
    }

    @Test
    void shouldReportDirectory() {
        CsvException e = assertThrows(CsvException.class, () -> CsvReader.open(dir, CsvFormat.detect()));

        assertEquals(dir + ": is a directory, not a file", e.getMessage());
    }

    @Test
    void shouldReportInvalidUtf8() throws IOException {
        Path file = dir.resolve("latin1.csv");
        Files.write(file, new byte[] {'a', '\n', 'c', 'a', 'f', (byte) 0xE9, '\n'});

        CsvException e = assertThrows(CsvException.class, () -> CsvReader.open(file, CsvFormat.detect()));

        assertTrue(e.getMessage().startsWith(file + ": undecodable input at or after line 1 (expected UTF-8)"), e.getMessage());
    }

    @Test
    void shouldReportInvalidUtf8FoundWhileReadingRows() throws IOException {
        Path file = dir.resolve("late-latin1.csv");
        StringBuilder text = new StringBuilder("a\n");
        for (int i = 0; i < 50_000; i++) {
            text.append(i).append('\n');
        }
        byte[] good = text.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] bytes = Arrays.copyOf(good, good.length + 2);
        bytes[good.length] = (byte) 0xE9;
        bytes[good.length + 1] = '\n';
        Files.write(file, bytes);

        try (CsvReader reader = CsvReader.open(file, CsvFormat.detect())) {
            CsvException e = assertThrows(CsvException.class, () -> CsvTestSupport.readAll(reader));

            assertEquals(0, e.line());
            assertTrue(e.getMessage().contains("undecodable input at or after line"), e.getMessage());
        }
    }

    @Test
    void shouldDecodeUtf8AndSkipByteOrderMark() throws IOException {
        Path file = dir.resolve("utf8.csv");
        Files.write(file, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'n', ',', 'v', '\n',
                'c', 'a', 'f', (byte) 0xC3, (byte) 0xA9, ',', '1', '\n'});

        try (CsvReader reader = CsvReader.open(file, CsvFormat.detect())) {
            assertEquals(List.of("n", "v"), reader.header());
            assertEquals("café", reader.next().field(0));
        }
    }
}
