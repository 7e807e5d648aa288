package io.streammtl.model.weighting;

import io.streammtl.config.TaskConfig;
import io.streammtl.config.TaskKind;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Homoscedastic uncertainty weighting (Kendall, Gal &amp; Cipolla 2018): a learned s_t = log σ_t² per task and the
 * objective {@code Σ_t c_t·e^(−s_t)·L_t + s_t/2} with c = 1/2 for regression and 1 for classification, so
 * λ_t = c_t·e^(−s_t) (times the static weight). Each s_t takes its own Adam step on the steps its task is labeled;
 * at the optimum λ_t = 1/(2·L_t), i.e. inversely proportional to the task's noise.
 */
final class UncertaintyWeighting implements TaskWeighting {
    private final double[] base;
    private final double[] factor;
    private final double[] logVariance;
    private final ScalarAdam adam;

    UncertaintyWeighting(double[] base, double[] factor, double lr) {
        this.base = base.clone();
        this.factor = factor.clone();
        this.logVariance = new double[base.length];
        this.adam = new ScalarAdam(base.length, lr);
    }

    static double[] factors(List<TaskConfig> tasks) {
        return tasks.stream().mapToDouble(t -> t.kind() == TaskKind.REGRESSION ? 0.5 : 1.0).toArray();
    }

    @Override
    public void weights(double[] losses, boolean[] active, double[] out) {
        for (int t = 0; t < base.length; t++) {
            out[t] = base[t] * factor[t] * Math.exp(-logVariance[t]);
        }
    }

    @Override
    public void update(double[] losses, boolean[] active, double[] used, double[] norms) {
        for (int t = 0; t < base.length; t++) {
            if (active[t]) {
                double gradient = -factor[t] * Math.exp(-logVariance[t]) * losses[t] + 0.5;
                logVariance[t] = adam.step(t, logVariance[t], gradient);
            }
        }
    }

    @Override
    public int tasks() {
        return base.length;
    }

    /** log σ_t², task order. */
    double[] logVariances() {
        return logVariance.clone();
    }

    @Override
    public int stateBytes() {
        return base.length * 8 + adam.stateBytes();
    }

    @Override
    public void write(ByteBuffer out) {
        for (double s : logVariance) {
            out.putDouble(s);
        }
        adam.write(out);
    }

    @Override
    public void read(ByteBuffer in) {
        for (int t = 0; t < logVariance.length; t++) {
            logVariance[t] = in.getDouble();
        }
        adam.read(in);
    }
}
