package io.streammtl.model.weighting;

import java.nio.ByteBuffer;

/**
 * Dynamic weight average (Liu, Johns &amp; Davison 2019): λ_t = T·exp(r_t/τ) / Σ_i exp(r_i/τ) with r_t the ratio of
 * the task's mean loss over its last two windows. Online, a window is {@code window} steps in which the task was
 * labeled (the paper's epoch); until a task has two complete windows its r_t is 1. An absent task keeps its windows
 * and r_t; its weight still moves with the others' through the normalisation.
 */
final class DwaWeighting implements TaskWeighting {
    private final double[] base;
    private final double temperature;
    private final int window;
    private final double[] sum;
    private final int[] count;
    private final double[] previous;
    private final double[] beforePrevious;

    DwaWeighting(double[] base, double temperature, int window) {
        this.base = base.clone();
        this.temperature = temperature;
        this.window = window;
        int tasks = base.length;
        this.sum = new double[tasks];
        this.count = new int[tasks];
        this.previous = new double[tasks];
        this.beforePrevious = new double[tasks];
        java.util.Arrays.fill(previous, Double.NaN);
        java.util.Arrays.fill(beforePrevious, Double.NaN);
    }

    @Override
    public void weights(double[] losses, boolean[] active, double[] out) {
        int tasks = base.length;
        double[] r = new double[tasks];
        double max = Double.NEGATIVE_INFINITY;
        for (int t = 0; t < tasks; t++) {
            boolean known = !Double.isNaN(beforePrevious[t]) && beforePrevious[t] > 0;
            r[t] = (known ? previous[t] / beforePrevious[t] : 1.0) / temperature;
            max = Math.max(max, r[t]);
        }
        double total = 0;
        for (int t = 0; t < tasks; t++) {
            r[t] = Math.exp(r[t] - max);
            total += r[t];
        }
        for (int t = 0; t < tasks; t++) {
            out[t] = base[t] * tasks * r[t] / total;
        }
    }

    @Override
    public void update(double[] losses, boolean[] active, double[] used, double[] norms) {
        for (int t = 0; t < base.length; t++) {
            if (!active[t]) {
                continue;
            }
            sum[t] += losses[t];
            if (++count[t] == window) {
                beforePrevious[t] = previous[t];
                previous[t] = sum[t] / window;
                sum[t] = 0;
                count[t] = 0;
            }
        }
    }

    @Override
    public int tasks() {
        return base.length;
    }

    @Override
    public int stateBytes() {
        return base.length * 28;
    }

    @Override
    public void write(ByteBuffer out) {
        for (int t = 0; t < base.length; t++) {
            out.putDouble(sum[t]).putInt(count[t]).putDouble(previous[t]).putDouble(beforePrevious[t]);
        }
    }

    @Override
    public void read(ByteBuffer in) {
        for (int t = 0; t < base.length; t++) {
            sum[t] = in.getDouble();
            count[t] = in.getInt();
            previous[t] = in.getDouble();
            beforePrevious[t] = in.getDouble();
        }
    }
}
