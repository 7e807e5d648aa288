package io.streammtl.data.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class CsvReaderStreamingTest {

    /** Produces "id,value" followed by an endless sequence of rows, counting the characters handed out. */
    private static final class EndlessRows extends Reader {
        private final StringBuilder pending = new StringBuilder("id,value\n");
        private long nextId;
        private long served;
        private boolean closed;

        @Override
        public int read(char[] target, int offset, int length) {
            while (pending.length() < length) {
                pending.append(nextId).append(',').append(nextId * 2).append('\n');
                nextId++;
            }
            pending.getChars(0, length, target, offset);
            pending.delete(0, length);
            served += length;
            return length;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void shouldStreamRowsWithoutReadingWholeInput() {
        EndlessRows source = new EndlessRows();
        try (CsvReader reader = CsvReader.open(source, "endless", CsvFormat.detect())) {
            for (int i = 0; i < 100_000; i++) {
                CsvRow row = reader.next();
                assertEquals(String.valueOf(i), row.field(0));
                assertEquals(String.valueOf(2L * i), row.field(1));
                assertEquals(i + 2L, row.line());
            }
            // The rows read so far take about 1.5 MB; only a few buffers beyond that may have been pulled.
            assertTrue(source.served < 2_000_000, "served " + source.served);
        }
        assertTrue(source.closed);
    }

    @Test
    void shouldIterateOverAllRowsOnce() {
        try (CsvReader reader = CsvTestSupport.open("a\n1\n2\n3\n")) {
            List<String> seen = new ArrayList<>();
            for (CsvRow row : reader) {
                seen.add(row.field(0));
            }

            assertEquals(List.of("1", "2", "3"), seen);
            assertThrows(IllegalStateException.class, reader::iterator);
        }
    }

    @Test
    void shouldThrowWhenIteratingPastTheEnd() {
        try (CsvReader reader = CsvTestSupport.open("a\n1\n")) {
            Iterator<CsvRow> rows = reader.iterator();
            rows.next();

            assertFalse(rows.hasNext());
            assertThrows(NoSuchElementException.class, rows::next);
        }
    }

    @Test
    void shouldCloseUnderlyingReaderWhenHeaderIsInvalid() {
        boolean[] closed = {false};
        Reader input = new StringReader("a,a\n") {
            @Override
            public void close() {
                closed[0] = true;
                super.close();
            }
        };

        assertThrows(CsvException.class, () -> CsvReader.open(input, "dup.csv", CsvFormat.detect()));
        assertTrue(closed[0]);
    }
}
