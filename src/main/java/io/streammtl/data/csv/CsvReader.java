package io.streammtl.data.csv;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * Streams the data records of a CSV file with a header line, checking every record against the header's width.
 *
 * <p>Rows are read either with {@link #next()} or by iterating once; the reader owns the underlying
 * {@link Reader} and closes it on {@link #close()} or when opening fails.
 */
public final class CsvReader implements AutoCloseable, Iterable<CsvRow> {

    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private final Reader in;
    private final String source;
    private final char delimiter;
    private final RecordParser parser;
    private final CsvHeader header;
    private boolean iterated;
    private boolean closed;

    private CsvReader(Reader in, String source, char delimiter, RecordParser parser, CsvHeader header) {
        this.in = in;
        this.source = source;
        this.delimiter = delimiter;
        this.parser = parser;
        this.header = header;
    }

    /**
     * Opens a character stream whose first record is the header.
     *
     * @param sourceName the label used in error messages, typically the file name
     * @throws CsvException if the header is missing, blank, duplicated or unreadable
     */
    public static CsvReader open(Reader reader, String sourceName, CsvFormat format) {
        return open(reader, sourceName, format, RecordParser.DEFAULT_BUFFER_SIZE);
    }

    /**
     * Opens a UTF-8 file whose first record is the header.
     *
     * @throws CsvException if the file is missing, a directory or unreadable, or its header is invalid
     */
    public static CsvReader open(Path file, CsvFormat format) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(format, "format");
        String source = file.toString();
        if (Files.isDirectory(file)) {
            throw CsvException.of(source, "is a directory, not a file");
        }
        Reader reader;
        try {
            reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw CsvException.caused(source, 0, "file not found", e);
        } catch (AccessDeniedException e) {
            throw CsvException.caused(source, 0, "permission denied", e);
        } catch (IOException e) {
            throw CsvException.caused(source, 0, "cannot open: " + e, e);
        }
        return open(reader, source, format);
    }

    static CsvReader open(Reader reader, String sourceName, CsvFormat format, int bufferSize) {
        Objects.requireNonNull(reader, "reader");
        Objects.requireNonNull(sourceName, "sourceName");
        Objects.requireNonNull(format, "format");
        try {
            BufferedReader buffered = reader instanceof BufferedReader b ? b : new BufferedReader(reader, bufferSize);
            skipByteOrderMark(buffered, sourceName);
            char delimiter = format.detectsDelimiter()
                    ? detectDelimiter(buffered, sourceName, format.quote())
                    : format.delimiter();
            RecordParser parser = new RecordParser(buffered, sourceName, delimiter, format.quote(), bufferSize);
            String[] names = parser.next();
            if (names == null) {
                throw CsvException.of(sourceName, "empty file, expected a header line");
            }
            CsvHeader header = CsvHeader.of(sourceName, parser.recordLine(), names);
            return new CsvReader(reader, sourceName, delimiter, parser, header);
        } catch (RuntimeException e) {
            closeQuietly(reader, e);
            throw e;
        }
    }

    /** The label used in error messages, typically the file name. */
    public String source() {
        return source;
    }

    /** The delimiter given in the format or detected from the header line. */
    public char delimiter() {
        return delimiter;
    }

    /** The trimmed, unquoted column names in file order. */
    public List<String> header() {
        return header.names();
    }

    /** The 0-based position of a column, or -1 if the header has no such name. */
    public int columnIndex(String name) {
        return header.indexOf(name);
    }

    /**
     * The 0-based position of a column that must exist.
     *
     * @throws CsvException naming the column and listing the available ones if it is absent
     */
    public int requireColumn(String name) {
        return header.require(name);
    }

    /**
     * Reads the next data record, skipping blank lines.
     *
     * @return the row, or {@code null} at the end of the input
     * @throws CsvException if the record is malformed or its field count differs from the header's
     */
    public CsvRow next() {
        if (closed) {
            throw new IllegalStateException(source + ": reader is closed");
        }
        String[] fields = parser.next();
        if (fields == null) {
            return null;
        }
        long line = parser.recordLine();
        if (fields.length != header.size()) {
            throw CsvException.at(source, line, "expected " + header.size() + " fields, found " + fields.length);
        }
        return new CsvRow(line, fields);
    }

    /** Iterates over the remaining rows; it can be called only once since the input is a stream. */
    @Override
    public Iterator<CsvRow> iterator() {
        if (iterated) {
            throw new IllegalStateException(source + ": a CSV stream can be iterated only once");
        }
        iterated = true;
        return new Iterator<>() {
            private CsvRow pending;
            private boolean done;

            @Override
            public boolean hasNext() {
                if (pending == null && !done) {
                    pending = CsvReader.this.next();
                    done = pending == null;
                }
                return pending != null;
            }

            @Override
            public CsvRow next() {
                if (!hasNext()) {
                    throw new NoSuchElementException(source + ": no more rows");
                }
                CsvRow row = pending;
                pending = null;
                return row;
            }
        };
    }

    /** Closes the underlying reader; closing twice is harmless. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            in.close();
        } catch (IOException e) {
            throw CsvException.caused(source, 0, "close failed: " + e, e);
        }
    }

    private static void skipByteOrderMark(BufferedReader in, String source) {
        try {
            in.mark(1);
            if (in.read() != BYTE_ORDER_MARK) {
                in.reset();
            }
        } catch (IOException e) {
            throw RecordParser.readFailure(source, 1, e);
        }
    }

    private static char detectDelimiter(BufferedReader in, String source, char quote) {
        try {
            return DelimiterDetector.detect(in, quote);
        } catch (IOException e) {
            throw RecordParser.readFailure(source, 1, e);
        }
    }

    private static void closeQuietly(Reader reader, RuntimeException failure) {
        try {
            reader.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
