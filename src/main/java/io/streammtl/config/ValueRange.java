package io.streammtl.config;

/**
 * The values a label or numeric feature may take, bounds inclusive; a null bound is open. Values are compared as
 * the model stores them (32-bit floats), so the stream and the offline evaluation draw the line at the same place.
 */
public record ValueRange(Double min, Double max) {
    public ValueRange {
        if (min == null && max == null) {
            throw new IllegalArgumentException("a range needs a min, a max or both");
        }
        if (min != null && max != null && !(min <= max)) {
            throw new IllegalArgumentException("min " + min + " is above max " + max);
        }
    }

    /** Whether {@code value} lies within the bounds. */
    public boolean contains(float value) {
        return (min == null || value >= min) && (max == null || value <= max);
    }

    /** The bounds as {@code [min, max]}, an open side as -inf or inf. */
    @Override
    public String toString() {
        return "[" + (min == null ? "-inf" : format(min)) + ", " + (max == null ? "inf" : format(max)) + "]";
    }

    private static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : Double.toString(value);
    }
}
