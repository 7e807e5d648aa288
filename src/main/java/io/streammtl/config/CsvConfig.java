package io.streammtl.config;

/** How tabular input is read: the delimiter (null = detect from the header) and the quote character. */
public record CsvConfig(Character delimiter, char quote) {
    /** Delimiter detected from the header, double quotes. */
    public static CsvConfig defaults() {
        return new CsvConfig(null, '"');
    }
}
