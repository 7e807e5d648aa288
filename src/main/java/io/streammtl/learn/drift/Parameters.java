package io.streammtl.learn.drift;

/** Range checks for detector parameters, whose messages use the configuration names. */
final class Parameters {

    private Parameters() {
    }

    static double openUnit(String detector, String parameter, double value) {
        if (!(value > 0.0 && value < 1.0)) {
            throw outOfRange(detector, parameter, "in (0, 1)", value);
        }
        return value;
    }

    static double positive(String detector, String parameter, double value) {
        if (!(value > 0.0) || Double.isInfinite(value)) {
            throw outOfRange(detector, parameter, "finite and > 0", value);
        }
        return value;
    }

    static double nonNegative(String detector, String parameter, double value) {
        if (!(value >= 0.0) || Double.isInfinite(value)) {
            throw outOfRange(detector, parameter, "finite and >= 0", value);
        }
        return value;
    }

    static int atLeast(String detector, String parameter, int minimum, int value) {
        if (value < minimum) {
            throw outOfRange(detector, parameter, ">= " + minimum, value);
        }
        return value;
    }

    /** Converts a configuration number to an int parameter, rejecting fractions and overflow. */
    static int integer(String detector, String parameter, double value) {
        if (value != Math.rint(value) || value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw outOfRange(detector, parameter, "a whole number", value);
        }
        return (int) value;
    }

    static IllegalArgumentException outOfRange(String detector, String parameter, String rule, double value) {
        return new IllegalArgumentException(
                detector + " parameter " + parameter + " must be " + rule + ", got " + format(value));
    }

    private static String format(double value) {
        boolean whole = value == Math.rint(value) && Math.abs(value) < 1e15;
        return whole ? Long.toString((long) value) : Double.toString(value);
    }
}
