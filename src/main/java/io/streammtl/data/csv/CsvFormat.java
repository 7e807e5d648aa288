package io.streammtl.data.csv;

/**
 * How a CSV file is delimited and quoted; a {@code null} delimiter means "detect it from the header line".
 *
 * @param delimiter the field separator, or {@code null} to detect one of {@code ; , TAB |}
 * @param quote     the quote character (RFC 4180 uses {@code "})
 */
public record CsvFormat(Character delimiter, char quote) {

    public CsvFormat {
        if (quote == '\r' || quote == '\n') {
            throw new IllegalArgumentException("quote must not be a line break");
        }
        if (delimiter != null) {
            char d = delimiter;
            if (d == '\r' || d == '\n') {
                throw new IllegalArgumentException("delimiter must not be a line break");
            }
            if (d == quote) {
                throw new IllegalArgumentException("delimiter and quote must differ: '" + d + "'");
            }
        }
    }

    /** Double-quoted fields with the delimiter detected from the header line. */
    public static CsvFormat detect() {
        return new CsvFormat(null, '"');
    }

    /** Double-quoted fields separated by the given delimiter. */
    public static CsvFormat of(char delimiter) {
        return new CsvFormat(delimiter, '"');
    }

    /** Whether the delimiter still has to be detected. */
    public boolean detectsDelimiter() {
        return delimiter == null;
    }
}
