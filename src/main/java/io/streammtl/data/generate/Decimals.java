package io.streammtl.data.generate;

/** Six-decimal fixed-point values and their text, so a label computed from a value matches what a reader parses. */
final class Decimals {
    private static final double SCALE = 1e6;
    private static final int DIGITS = 6;

    private Decimals() {
    }

    /** {@code value} rounded to six decimals. */
    static double round(double value) {
        return Math.round(value * SCALE) / SCALE;
    }

    /** {@code value} as text with exactly six decimals, never in exponent notation. */
    static String format(double value) {
        long scaled = Math.round(value * SCALE);
        long magnitude = Math.abs(scaled);
        String fraction = Long.toString(magnitude % (long) SCALE);
        StringBuilder text = new StringBuilder(DIGITS + 8);
        if (scaled < 0) {
            text.append('-');
        }
        text.append(magnitude / (long) SCALE).append('.');
        text.append("0".repeat(DIGITS - fraction.length())).append(fraction);
        return text.toString();
    }
}
