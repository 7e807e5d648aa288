package io.streammtl.data.csv;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;

/**
 * Splits a character stream into RFC 4180 records, tracking physical line numbers and skipping blank lines.
 */
final class RecordParser {

    static final int DEFAULT_BUFFER_SIZE = 1 << 16;

    private static final int DELIMITER = 0;
    private static final int END_OF_LINE = 1;
    private static final int END_OF_INPUT = 2;

    private final Reader in;
    private final String source;
    private final char delimiter;
    private final char quote;

    private final char[] buffer;
    private int position;
    private int limit;
    private boolean exhausted;

    private long line = 1;
    private long recordLine;

    private final StringBuilder field = new StringBuilder();
    private final ArrayList<String> fields = new ArrayList<>();
    private String value;
    private boolean quoted;

    RecordParser(Reader in, String source, char delimiter, char quote, int bufferSize) {
        if (bufferSize < 1) {
            throw new IllegalArgumentException("bufferSize must be positive: " + bufferSize);
        }
        this.in = in;
        this.source = source;
        this.delimiter = delimiter;
        this.quote = quote;
        this.buffer = new char[bufferSize];
    }

    /** Reads the next non-blank record, or returns {@code null} at the end of the input. */
    String[] next() {
        while (true) {
            if (position >= limit && !fill()) {
                return null;
            }
            recordLine = line;
            if (readRecord()) {
                return fields.toArray(new String[0]);
            }
        }
    }

    /** The 1-based physical line where the record last returned by {@link #next()} starts. */
    long recordLine() {
        return recordLine;
    }

    /** Reads one record into {@link #fields}; returns false if it was a blank line. */
    private boolean readRecord() {
        fields.clear();
        boolean anyQuoted = false;
        while (true) {
            int end = readField();
            fields.add(value);
            anyQuoted |= quoted;
            if (end != DELIMITER) {
                return anyQuoted || fields.size() > 1 || !isBlank(value);
            }
        }
    }

    private int readField() {
        field.setLength(0);
        quoted = false;
        while (true) {
            if (position >= limit && !fill()) {
                value = field.toString();
                return END_OF_INPUT;
            }
            char[] buf = buffer;
            int start = position;
            int end = limit;
            int p = start;
            char c = 0;
            while (p < end) {
                c = buf[p];
                if (c == delimiter || c == '\n' || c == '\r' || c == quote) {
                    break;
                }
                p++;
            }
            if (p == end) {
                field.append(buf, start, p - start);
                position = p;
                continue;
            }
            position = p + 1;
            if (c == quote) {
                field.append(buf, start, p - start);
                if (isBlank(field)) {
                    // Tolerates padding before an opening quote, e.g. `a, "b"`.
                    return readQuotedField();
                }
                // A quote inside an unquoted field is kept literally rather than rejected.
                field.append(c);
                continue;
            }
            value = field.length() == 0 ? new String(buf, start, p - start) : field.append(buf, start, p - start).toString();
            if (c == delimiter) {
                return DELIMITER;
            }
            endLine(c);
            return END_OF_LINE;
        }
    }

    private int readQuotedField() {
        quoted = true;
        field.setLength(0);
        long startLine = line;
        while (true) {
            if (position >= limit && !fill()) {
                throw CsvException.at(source, startLine, "unterminated quoted field in field " + (fields.size() + 1));
            }
            char[] buf = buffer;
            int start = position;
            int end = limit;
            int p = start;
            char c = 0;
            while (p < end) {
                c = buf[p];
                if (c == quote || c == '\n' || c == '\r') {
                    break;
                }
                p++;
            }
            field.append(buf, start, p - start);
            if (p == end) {
                position = p;
                continue;
            }
            position = p + 1;
            if (c == quote) {
                if (peek() == quote) {
                    field.append(quote);
                    position++;
                    continue;
                }
                value = field.toString();
                return afterClosingQuote();
            }
            // Line breaks inside quotes are data, but still advance the physical line count.
            field.append(c);
            line++;
            if (c == '\r' && peek() == '\n') {
                field.append('\n');
                position++;
            }
        }
    }

    private int afterClosingQuote() {
        while (true) {
            int c = peek();
            if (c < 0) {
                return END_OF_INPUT;
            }
            position++;
            if (c == delimiter) {
                return DELIMITER;
            }
            if (c == '\n' || c == '\r') {
                endLine((char) c);
                return END_OF_LINE;
            }
            if (c != ' ' && c != '\t') {
                throw CsvException.at(source, line,
                        "unexpected character '" + (char) c + "' after closing quote in field " + (fields.size() + 1));
            }
        }
    }

    private void endLine(char terminator) {
        line++;
        if (terminator == '\r' && peek() == '\n') {
            position++;
        }
    }

    /** The next character without consuming it, or -1 at the end of the input. */
    private int peek() {
        if (position >= limit && !fill()) {
            return -1;
        }
        return buffer[position];
    }

    /** Refills the buffer; only called once every buffered character has been consumed. */
    private boolean fill() {
        if (exhausted) {
            return false;
        }
        try {
            int n;
            do {
                n = in.read(buffer, 0, buffer.length);
            } while (n == 0);
            if (n < 0) {
                exhausted = true;
                return false;
            }
            position = 0;
            limit = n;
            return true;
        } catch (IOException e) {
            throw readFailure(source, line, e);
        }
    }

    /**
     * Wraps an I/O failure; undecodable bytes get line 0 because decoding runs ahead of parsing,
     * so only a lower bound for their line is known.
     */
    static CsvException readFailure(String source, long line, IOException e) {
        if (e instanceof CharacterCodingException) {
            return CsvException.caused(source, 0,
                    "undecodable input at or after line " + line + " (expected UTF-8): " + e.getMessage(), e);
        }
        return CsvException.caused(source, line, "read failed: " + e, e);
    }

    private static boolean isBlank(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != ' ' && c != '\t') {
                return false;
            }
        }
        return true;
    }
}
