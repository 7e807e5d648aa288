package io.streammtl.learn.drift;

import io.streammtl.learn.state.StateReader;
import io.streammtl.learn.state.StateWriter;

/**
 * DDM, the drift detection method (Gama, Medas, Castillo &amp; Rodrigues, "Learning with Drift
 * Detection", SBIA 2004).
 *
 * <p>Input: 0/1 error indicators, or values in [0, 1] read as error probabilities. With p the error
 * rate since the last reset and s = sqrt(p (1 - p) / n), the pair (p_min, s_min) is recorded where
 * p + s is smallest; once {@code min_instances} values have been seen, p + s &gt;= p_min +
 * {@code warning_threshold} s_min is a warning and p + s &gt;= p_min + {@code drift_threshold} s_min a
 * drift. Only increases in the error rate are detected. Since the reference is the best p + s ever
 * seen, DDM is slow to react after a long stable stretch, and a lucky low rate just after
 * {@code min_instances} can become the reference and cause a false alarm.
 *
 * <p>One departure from the paper: the minimum is recorded only where s &gt; 0, because an error-free
 * start gives p = s = 0, after which any single error would be a drift.
 *
 * <p>{@link #statistic()} is p + s.
 */
public final class Ddm extends BaseDriftDetector {
    public static final String NAME = "ddm";

    private final int minInstances;
    private final double warningThreshold;
    private final double driftThreshold;

    private double errorRate;
    private double pMin;
    private double sMin;
    private double psMin;
    private double ps;

    /** DDM with the paper's settings: 30 instances, warning at 2 s_min, drift at 3 s_min. */
    public Ddm() {
        this(30, 2.0, 3.0);
    }

    public Ddm(int minInstances, double warningThreshold, double driftThreshold) {
        this.minInstances = Parameters.atLeast(NAME, "min_instances", 1, minInstances);
        this.warningThreshold = Parameters.positive(NAME, "warning_threshold", warningThreshold);
        this.driftThreshold = Parameters.positive(NAME, "drift_threshold", driftThreshold);
        if (driftThreshold < warningThreshold) {
            throw Parameters.outOfRange(NAME, "drift_threshold", ">= warning_threshold " + warningThreshold,
                    driftThreshold);
        }
        clear();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public double statistic() {
        return ps;
    }

    @Override
    void requireInDomain(double value) {
        requireUnitInterval(NAME, value);
    }

    @Override
    DriftLevel observe(double value) {
        long n = seen();
        errorRate += (value - errorRate) / n;
        double s = Math.sqrt(Math.max(0.0, errorRate * (1.0 - errorRate)) / n);
        ps = errorRate + s;
        if (n < minInstances) {
            return DriftLevel.STABLE;
        }
        if (s > 0.0 && ps <= psMin) {
            pMin = errorRate;
            sMin = s;
            psMin = ps;
        }
        if (ps >= pMin + driftThreshold * sMin) {
            return DriftLevel.DRIFT;
        }
        return ps >= pMin + warningThreshold * sMin ? DriftLevel.WARNING : DriftLevel.STABLE;
    }

    @Override
    void writeTest(StateWriter out) {
        out.putDouble(errorRate).putDouble(pMin).putDouble(sMin).putDouble(psMin).putDouble(ps);
    }

    @Override
    void readTest(StateReader in) {
        errorRate = in.getDouble();
        pMin = in.getDouble();
        sMin = in.getDouble();
        psMin = in.getDouble();
        ps = in.getDouble();
    }

    @Override
    void clear() {
        errorRate = 0.0;
        ps = 0.0;
        pMin = Double.POSITIVE_INFINITY;
        sMin = Double.POSITIVE_INFINITY;
        psMin = Double.POSITIVE_INFINITY;
    }
}
