package io.streammtl.learn.race;

/**
 * The upper tail of Student's t distribution with integer degrees of freedom, in closed form (Abramowitz and Stegun,
 * Handbook of Mathematical Functions, 1964, 26.7.3 and 26.7.4).
 */
final class StudentT {
    private StudentT() {
    }

    /** P(T > t) for T ~ t(ν). */
    static double upperTail(double t, int degrees) {
        if (degrees < 1) {
            throw new IllegalArgumentException("degrees of freedom " + degrees + " < 1");
        }
        if (Double.isNaN(t)) {
            return Double.NaN;
        }
        double within = Double.isInfinite(t) ? 1.0 : central(Math.abs(t), degrees);
        return t >= 0 ? (1 - within) / 2 : (1 + within) / 2;
    }

    /** A(t|ν) = P(|T| ≤ t), t ≥ 0. */
    private static double central(double t, int degrees) {
        double theta = Math.atan(t / Math.sqrt(degrees));
        double sin = Math.sin(theta);
        double cos2 = Math.cos(theta) * Math.cos(theta);
        if (degrees % 2 == 0) {
            double term = 1;
            double sum = 1;
            for (int k = 2; k <= degrees - 2; k += 2) {
                term *= cos2 * (k - 1) / k;
                sum += term;
            }
            return sin * sum;
        }
        double sum = theta;
        if (degrees > 1) {
            double term = Math.cos(theta);
            double series = term;
            for (int k = 3; k <= degrees - 2; k += 2) {
                term *= cos2 * (k - 1) / k;
                series += term;
            }
            sum += sin * series;
        }
        return 2 / Math.PI * sum;
    }
}
