package io.streammtl.learn;

import java.util.Set;

/** Matches a table cell against values named in the spec: by text, then by number, so that "5.0" finds "5". */
final class CellValues {
    private CellValues() {
    }

    /** The value of {@code values} that {@code text} equals, by text first, then by numeric value; null if none. */
    static String find(String text, Set<String> values) {
        if (values.contains(text)) {
            return text;
        }
        Double number = TableNumbers.parse(text);
        if (number == null) {
            return null;
        }
        for (String value : values) {
            Double key = TableNumbers.parse(value);
            if (key != null && key.doubleValue() == number) {
                return value;
            }
        }
        return null;
    }

    /** Whether {@code text} is one of {@code values}, as {@link #find} matches. */
    static boolean isOneOf(String text, Set<String> values) {
        return find(text, values) != null;
    }
}
