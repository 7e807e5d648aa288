package io.streammtl.learn.drift;

import io.streammtl.learn.state.StateReader;
import io.streammtl.learn.state.StateWriter;

import java.io.IOException;

/**
 * EDDM, the early drift detection method (Baena-García, del Campo-Ávila, Fidalgo, Bifet, Gavaldà &amp;
 * Morales-Bueno, "Early Drift Detection Method", ECML PKDD Workshop on Knowledge Discovery from Data
 * Streams, 2006).
 *
 * <p>Input: 0/1 error indicators only, since the test is on the distances between errors; any other
 * value is rejected. At each error, with p' and s' the mean and (population) standard deviation of the
 * distances between consecutive errors since the last reset, the maximum of p' + 2 s' is tracked from
 * the {@code min_errors}-th error on; after that, the ratio (p' + 2 s') / (p' + 2 s')_max below
 * {@code alpha} is a warning and below {@code beta} a drift. Estimates from fewer errors are too noisy
 * to serve as the reference maximum. The level changes only at errors and holds in between. Only
 * increases in the error rate (shorter distances) are detected. With the default thresholds it
 * false-alarms several times per 100k values of a stationary 20% error stream (about 6.5 on average),
 * mostly soon after a reset, when the maximum was taken from few errors; lower alpha and beta reduce it.
 *
 * <p>{@link #statistic()} is that ratio, 1 until the maximum is first recorded.
 */
public final class Eddm extends BaseDriftDetector {
    public static final String NAME = "eddm";

    private final double alpha;
    private final double beta;
    private final int minErrors;

    private long errors;
    private long lastError;
    private double meanDistance;
    private double squaredDeviations;
    private double maxLevel;
    private double ratio;
    private DriftLevel atLastError;

    /** EDDM with the paper's settings: warning at 0.95, drift at 0.9, 30 errors before testing. */
    public Eddm() {
        this(0.95, 0.9, 30);
    }

    public Eddm(double alpha, double beta, int minErrors) {
        this.alpha = unitOrOne("alpha", alpha);
        this.beta = unitOrOne("beta", beta);
        if (beta > alpha) {
            throw Parameters.outOfRange(NAME, "beta", "<= alpha " + alpha, beta);
        }
        this.minErrors = Parameters.atLeast(NAME, "min_errors", 1, minErrors);
        clear();
    }

    private static double unitOrOne(String parameter, double value) {
        if (!(value > 0.0 && value <= 1.0)) {
            throw Parameters.outOfRange(NAME, parameter, "in (0, 1]", value);
        }
        return value;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public double statistic() {
        return ratio;
    }

    @Override
    void requireInDomain(double value) {
        if (value != 0.0 && value != 1.0) {
            throw new IllegalArgumentException(NAME + " input must be 0 or 1, got " + value);
        }
    }

    @Override
    DriftLevel observe(double value) {
        if (value == 0.0) {
            return atLastError;
        }
        errors++;
        double distance = seen() - lastError;
        lastError = seen();
        double previousMean = meanDistance;
        meanDistance += (distance - meanDistance) / errors;
        squaredDeviations += (distance - previousMean) * (distance - meanDistance);
        if (errors < minErrors) {
            return atLastError;
        }
        double level = meanDistance + 2.0 * Math.sqrt(squaredDeviations / errors);
        if (level > maxLevel) {
            maxLevel = level;
        }
        ratio = level / maxLevel;
        if (ratio < beta) {
            atLastError = DriftLevel.DRIFT;
        } else {
            atLastError = ratio < alpha ? DriftLevel.WARNING : DriftLevel.STABLE;
        }
        return atLastError;
    }

    @Override
    void writeTest(StateWriter out) {
        out.putLong(errors).putLong(lastError).putDouble(meanDistance).putDouble(squaredDeviations)
                .putDouble(maxLevel).putDouble(ratio);
        putLevel(out, atLastError);
    }

    @Override
    void readTest(StateReader in) throws IOException {
        errors = in.getLong();
        lastError = in.getLong();
        meanDistance = in.getDouble();
        squaredDeviations = in.getDouble();
        maxLevel = in.getDouble();
        ratio = in.getDouble();
        atLastError = getLevel(in);
    }

    @Override
    void clear() {
        errors = 0;
        lastError = 0;
        meanDistance = 0.0;
        squaredDeviations = 0.0;
        maxLevel = 0.0;
        ratio = 1.0;
        atLastError = DriftLevel.STABLE;
    }
}
