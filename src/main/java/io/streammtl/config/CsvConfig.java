package io.streammtl.config;

/** How tabular input is read: the delimiter (null = detect from the header) and the quote character. */
public record CsvConfig(Character delimiter, char quote) {
}
