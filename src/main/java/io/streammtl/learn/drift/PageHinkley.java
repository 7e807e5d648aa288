package io.streammtl.learn.drift;

import io.streammtl.learn.state.StateReader;
import io.streammtl.learn.state.StateWriter;

/**
 * Page-Hinkley test for an increase in the mean (Page, "Continuous Inspection Schemes", Biometrika
 * 41, 1954), in River's form with a forgetting factor.
 *
 * <p>Input: any finite real values, such as prequential losses or 0/1 errors. With x̄ the running mean
 * since the last reset, the statistic is S = max(0, alpha * S + x - x̄ - delta), the recursive form of
 * the cumulative statistic m_T - M_T (they coincide when alpha = 1); once {@code min_instances} values
 * have been seen, S &gt;= {@code threshold} is a drift. Only increases are tested: a falling loss is not
 * a drift. There is no warning level. The threshold is in the units of the input, so it must be chosen
 * against the input's scale: on noisy values (standard deviation near 1 or above) the default of 50 is
 * reached by chance every few thousand values.
 *
 * <p>{@link #statistic()} is S.
 */
public final class PageHinkley extends BaseDriftDetector {
    public static final String NAME = "page_hinkley";

    private final int minInstances;
    private final double delta;
    private final double threshold;
    private final double alpha;

    private double mean;
    private double sum;

    /** Page-Hinkley with River's defaults: min_instances 30, delta 0.005, threshold 50, alpha 1 - 1e-4. */
    public PageHinkley() {
        this(30, 0.005, 50.0, 1.0 - 0.0001);
    }

    public PageHinkley(int minInstances, double delta, double threshold, double alpha) {
        this.minInstances = Parameters.atLeast(NAME, "min_instances", 1, minInstances);
        this.delta = Parameters.nonNegative(NAME, "delta", delta);
        this.threshold = Parameters.positive(NAME, "threshold", threshold);
        if (!(alpha > 0.0 && alpha <= 1.0)) {
            throw Parameters.outOfRange(NAME, "alpha", "in (0, 1]", alpha);
        }
        this.alpha = alpha;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public double statistic() {
        return sum;
    }

    @Override
    DriftLevel observe(double value) {
        mean += (value - mean) / seen();
        sum = Math.max(0.0, alpha * sum + value - mean - delta);
        return seen() >= minInstances && sum >= threshold ? DriftLevel.DRIFT : DriftLevel.STABLE;
    }

    @Override
    void writeTest(StateWriter out) {
        out.putDouble(mean).putDouble(sum);
    }

    @Override
    void readTest(StateReader in) {
        mean = in.getDouble();
        sum = in.getDouble();
    }

    @Override
    void clear() {
        mean = 0.0;
        sum = 0.0;
    }
}
