package io.streammtl.data.csv;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Shortcuts for reading inline CSV text in tests. */
final class CsvTestSupport {

    static final String SOURCE = "test.csv";

    private CsvTestSupport() {
    }

    static CsvReader open(String text) {
        return open(text, CsvFormat.detect());
    }

    static CsvReader open(String text, CsvFormat format) {
        return CsvReader.open(new StringReader(text), SOURCE, format);
    }

    static List<CsvRow> readAll(CsvReader reader) {
        List<CsvRow> rows = new ArrayList<>();
        for (CsvRow row = reader.next(); row != null; row = reader.next()) {
            rows.add(row);
        }
        return rows;
    }

    static List<CsvRow> readAll(String text) {
        try (CsvReader reader = open(text)) {
            return readAll(reader);
        }
    }

    static List<List<String>> values(List<CsvRow> rows) {
        return rows.stream().map(row -> Arrays.asList(row.fields())).toList();
    }

    static List<Long> lines(List<CsvRow> rows) {
        return rows.stream().map(CsvRow::line).toList();
    }
}
