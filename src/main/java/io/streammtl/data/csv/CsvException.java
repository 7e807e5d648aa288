package io.streammtl.data.csv;

import java.util.Objects;

/**
 * A CSV input problem, located by source, physical line and column, with message {@code SOURCE:LINE: column 'COL': DETAIL}.
 */
public final class CsvException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final long line;
    private final String column;
    private final String detail;

    private CsvException(String source, long line, String column, String detail, Throwable cause) {
        super(format(source, line, column, detail), cause);
        this.source = source;
        this.line = line;
        this.column = column;
        this.detail = detail;
    }

    /** A problem on a line (0 if not line-specific) concerning a column (nullable). */
    public static CsvException at(String source, long line, String column, String detail) {
        return new CsvException(checkSource(source), checkLine(line), column, Objects.requireNonNull(detail), null);
    }

    /** A problem on a line (0 if not line-specific) not tied to a column. */
    public static CsvException at(String source, long line, String detail) {
        return at(source, line, null, detail);
    }

    /** A problem with the source as a whole, such as a missing file. */
    public static CsvException of(String source, String detail) {
        return at(source, 0, null, detail);
    }

    /** A problem on a line (0 if not line-specific) caused by an underlying failure, typically an I/O error. */
    public static CsvException caused(String source, long line, String detail, Throwable cause) {
        return new CsvException(checkSource(source), checkLine(line), null, Objects.requireNonNull(detail), cause);
    }

    /** The file name or other label of the input. */
    public String source() {
        return source;
    }

    /** The 1-based physical line where the offending record starts, or 0 if the problem is not line-specific. */
    public long line() {
        return line;
    }

    /** The column concerned, or {@code null}. */
    public String column() {
        return column;
    }

    /** The message without its location prefix. */
    public String detail() {
        return detail;
    }

    private static String format(String source, long line, String column, String detail) {
        StringBuilder message = new StringBuilder(source);
        if (line > 0) {
            message.append(':').append(line);
        }
        message.append(": ");
        if (column != null) {
            message.append("column '").append(column).append("': ");
        }
        return message.append(detail).toString();
    }

    private static String checkSource(String source) {
        return Objects.requireNonNull(source, "source");
    }

    private static long checkLine(long line) {
        if (line < 0) {
            throw new IllegalArgumentException("line must be >= 0: " + line);
        }
        return line;
    }
}
