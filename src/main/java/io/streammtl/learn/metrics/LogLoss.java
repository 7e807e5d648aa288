package io.streammtl.learn.metrics;

/** Per-example log-loss terms with the clipping that keeps them finite. */
final class LogLoss {

    static final double EPSILON = 1e-15;

    private LogLoss() {
    }

    /** Loss of probability {@code p} for class 1 when the truth is {@code positive}. */
    static double binary(boolean positive, double p) {
        double clipped = Math.min(Math.max(p, EPSILON), 1.0 - EPSILON);
        return -Math.log(positive ? clipped : 1.0 - clipped);
    }

    /** Loss given the probability assigned to the true class. */
    static double trueClass(double p) {
        return -Math.log(Math.max(p, EPSILON));
    }
}
