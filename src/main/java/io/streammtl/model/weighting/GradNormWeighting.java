package io.streammtl.model.weighting;

import java.nio.ByteBuffer;

/**
 * GradNorm (Chen, Badrinarayanan, Lee &amp; Rabinovich 2018): learned weights w_t whose weighted gradient norms
 * G_t = ‖∇_W w_t·L_t‖ at the last shared layer W are pulled towards Ḡ·r_t^α, where r_t is the task's loss ratio
 * L_t/L_t(0) relative to the mean ratio; the weights take Adam steps on {@code Σ_t |G_t − Ḡ·r_t^α|} (targets held
 * constant) and are renormalised to sum to the number of tasks. Only the tasks labeled in a step take part in it
 * (Ḡ and the mean ratio are over them, and they are renormalised to keep their own sum), so an absent task keeps
 * its weight and its loss history. Online, a task's loss on one micro-batch can rest on a row or two, so L_t(0) is
 * the mean over the task's first {@value #WARM_UP} labeled steps (weights start moving after it) and L_t an
 * exponential moving average (factor {@value #SMOOTHING}) of its step losses.
 */
final class GradNormWeighting implements TaskWeighting {
    /** Floor of a weight before renormalisation: a weight at zero would never recover. */
    private static final double FLOOR = 1e-3;
    static final int WARM_UP = 10;
    static final double SMOOTHING = 0.9;

    private final double[] base;
    private final double alpha;
    private final double[] weight;
    private final double[] initialLoss;
    private final double[] smoothedLoss;
    private final int[] seen;
    private final ScalarAdam adam;

    GradNormWeighting(double[] base, double alpha, double lr) {
        this.base = base.clone();
        this.alpha = alpha;
        this.weight = new double[base.length];
        java.util.Arrays.fill(weight, 1.0);
        this.initialLoss = new double[base.length];
        this.smoothedLoss = new double[base.length];
        this.seen = new int[base.length];
        this.adam = new ScalarAdam(base.length, lr);
    }

    @Override
    public boolean needsSharedGradientNorms() {
        return true;
    }

    @Override
    public void weights(double[] losses, boolean[] active, double[] out) {
        for (int t = 0; t < base.length; t++) {
            out[t] = base[t] * weight[t];
        }
    }

    @Override
    public void update(double[] losses, boolean[] active, double[] used, double[] norms) {
        int n = 0;
        double meanNorm = 0;
        double meanRatio = 0;
        double[] ratio = new double[base.length];
        boolean warm = true;
        for (int t = 0; t < base.length; t++) {
            if (!active[t]) {
                continue;
            }
            if (seen[t] < WARM_UP) {
                initialLoss[t] += losses[t] / WARM_UP;
                smoothedLoss[t] = seen[t] == 0 ? losses[t] : SMOOTHING * smoothedLoss[t] + (1 - SMOOTHING) * losses[t];
                seen[t]++;
                warm = false;
                continue;
            }
            smoothedLoss[t] = SMOOTHING * smoothedLoss[t] + (1 - SMOOTHING) * losses[t];
            ratio[t] = smoothedLoss[t] / Math.max(initialLoss[t], 1e-12);
            meanNorm += norms[t];
            meanRatio += ratio[t];
            n++;
        }
        if (!warm || n < 2) {
            return;
        }
        meanNorm /= n;
        meanRatio /= n;
        double before = 0;
        double after = 0;
        for (int t = 0; t < base.length; t++) {
            if (!active[t]) {
                continue;
            }
            double target = meanNorm * Math.pow(ratio[t] / meanRatio, alpha);
            double perWeight = weight[t] > 0 ? norms[t] / weight[t] : 0;
            double gradient = Math.signum(norms[t] - target) * perWeight;
            before += weight[t];
            weight[t] = Math.max(FLOOR, adam.step(t, weight[t], gradient));
            after += weight[t];
        }
        for (int t = 0; t < base.length; t++) {
            if (active[t]) {
                weight[t] *= before / after;
            }
        }
    }

    @Override
    public int tasks() {
        return base.length;
    }

    @Override
    public int stateBytes() {
        return base.length * 28 + adam.stateBytes();
    }

    @Override
    public void write(ByteBuffer out) {
        for (int t = 0; t < base.length; t++) {
            out.putDouble(weight[t]).putDouble(initialLoss[t]).putDouble(smoothedLoss[t]).putInt(seen[t]);
        }
        adam.write(out);
    }

    @Override
    public void read(ByteBuffer in) {
        for (int t = 0; t < base.length; t++) {
            weight[t] = in.getDouble();
            initialLoss[t] = in.getDouble();
            smoothedLoss[t] = in.getDouble();
            seen[t] = in.getInt();
        }
        adam.read(in);
    }
}
