package io.streammtl.learn.metrics;

/** Argument checks shared by the metric functions and trackers. */
final class Arguments {

    private Arguments() {
    }

    static void requireCount(int n, int length, String arrayName) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, got " + n);
        }
        if (n > length) {
            throw new IllegalArgumentException(
                    "n = " + n + " exceeds " + arrayName + " length " + length);
        }
    }

    static void requireClasses(int classes) {
        if (classes < 2) {
            throw new IllegalArgumentException("classes must be >= 2, got " + classes);
        }
    }
}
