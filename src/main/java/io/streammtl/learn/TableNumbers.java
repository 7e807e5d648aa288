package io.streammtl.learn;

/** Reads a table cell as a number; an unusable one is an IllegalArgumentException saying why (the reader adds where). */
final class TableNumbers {
    private TableNumbers() {
    }

    /** The finite number in {@code text}. */
    static double finite(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("empty; expected a number");
        }
        Double value = parse(text);
        if (value == null) {
            throw new IllegalArgumentException("'" + text + "' is not a number");
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("'" + text + "' is not a finite number");
        }
        return value;
    }

    /** The number in {@code text}, or null when it holds none. */
    static Double parse(String text) {
        if (text.isEmpty()) {
            return null;
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
