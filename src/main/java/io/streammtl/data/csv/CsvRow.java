package io.streammtl.data.csv;

import java.util.Arrays;
import java.util.Objects;

/**
 * One data record of a CSV file together with the 1-based physical line where it starts.
 *
 * <p>The array is handed over, not copied, so that replaying millions of rows does not allocate twice.
 *
 * @param line   the 1-based physical line where the record starts
 * @param fields the field values, unquoted
 */
public record CsvRow(long line, String[] fields) {

    public CsvRow {
        Objects.requireNonNull(fields, "fields");
    }

    /** The number of fields. */
    public int size() {
        return fields.length;
    }

    /** The value of the field at the given 0-based index. */
    public String field(int index) {
        return fields[index];
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CsvRow row && row.line == line && Arrays.equals(row.fields, fields);
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(line) + Arrays.hashCode(fields);
    }

    @Override
    public String toString() {
        return "CsvRow[line=" + line + ", fields=" + Arrays.toString(fields) + "]";
    }
}
