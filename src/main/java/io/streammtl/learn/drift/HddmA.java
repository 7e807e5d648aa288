package io.streammtl.learn.drift;

import io.streammtl.learn.state.StateReader;
import io.streammtl.learn.state.StateWriter;

/**
 * HDDM_A, the Hoeffding drift detection method with the A-test on averages (Frías-Blanco, del
 * Campo-Ávila, Ramos-Jiménez, Morales-Bueno, Ortiz-Díaz &amp; Caballero-Mota, "Online and Non-Parametric
 * Drift Detection Methods Based on Hoeffding's Bounds", IEEE TKDE 27(3), 2015), one-sided as in MOA and
 * River's default.
 *
 * <p>Input: 0/1 error indicators or any values in [0, 1], the range Hoeffding's inequality assumes.
 * The mean Z of all values since the last reset is compared with the mean X of the prefix ending at the
 * cut point, the prefix whose mean plus Hoeffding bound is smallest. With n the count of Z and n_cut
 * that of X, Z - X &gt;= sqrt((n - n_cut) / (2 n_cut n) ln(2 / confidence)) is a drift at
 * {@code drift_confidence} and a warning at {@code warning_confidence}. Only increases are detected.
 *
 * <p>{@link #statistic()} is Z - X divided by the drift bound, so it reaches 1 at a drift; it is 0
 * while the cut point is the latest value.
 */
public final class HddmA extends BaseDriftDetector {
    public static final String NAME = "hddm_a";

    private final double driftConfidence;
    private final double warningConfidence;

    private double total;
    private long cutCount;
    private double cutTotal;
    private double ratio;

    /** HDDM_A with the paper's settings: drift confidence 0.001, warning confidence 0.005. */
    public HddmA() {
        this(0.001, 0.005);
    }

    public HddmA(double driftConfidence, double warningConfidence) {
        this.driftConfidence = Parameters.openUnit(NAME, "drift_confidence", driftConfidence);
        this.warningConfidence = Parameters.openUnit(NAME, "warning_confidence", warningConfidence);
        if (warningConfidence < driftConfidence) {
            throw Parameters.outOfRange(NAME, "warning_confidence", ">= drift_confidence " + driftConfidence,
                    warningConfidence);
        }
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
        requireUnitInterval(NAME, value);
    }

    @Override
    DriftLevel observe(double value) {
        long n = seen();
        total += value;
        double mean = total / n;
        if (cutCount == 0 || cutTotal / cutCount + hoeffding(cutCount) >= mean + hoeffding(n)) {
            cutCount = n;
            cutTotal = total;
        }
        if (cutCount == n) {
            ratio = 0.0;
            return DriftLevel.STABLE;
        }
        double increase = mean - cutTotal / cutCount;
        double spread = (double) (n - cutCount) / ((double) cutCount * n) / 2.0;
        ratio = increase / Math.sqrt(spread * Math.log(2.0 / driftConfidence));
        if (ratio >= 1.0) {
            return DriftLevel.DRIFT;
        }
        return increase >= Math.sqrt(spread * Math.log(2.0 / warningConfidence))
                ? DriftLevel.WARNING : DriftLevel.STABLE;
    }

    /** Hoeffding bound on the deviation of a mean of n values in [0, 1], at the drift confidence. */
    private double hoeffding(long n) {
        return Math.sqrt(Math.log(1.0 / driftConfidence) / (2.0 * n));
    }

    @Override
    void writeTest(StateWriter out) {
        out.putDouble(total).putLong(cutCount).putDouble(cutTotal).putDouble(ratio);
    }

    @Override
    void readTest(StateReader in) {
        total = in.getDouble();
        cutCount = in.getLong();
        cutTotal = in.getDouble();
        ratio = in.getDouble();
    }

    @Override
    void clear() {
        total = 0.0;
        cutCount = 0;
        cutTotal = 0.0;
        ratio = 0.0;
    }
}
