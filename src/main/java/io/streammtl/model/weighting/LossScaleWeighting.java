package io.streammtl.model.weighting;

import java.nio.ByteBuffer;

/**
 * Loss-scale normalisation: each task's loss is divided by a running mean of its own loss (an exponential moving
 * average with factor β over the steps it is labeled; the first labeled step uses its own loss), so every weighted
 * loss stays near its static weight whatever the loss's units.
 */
final class LossScaleWeighting implements TaskWeighting {
    private final double[] base;
    private final double beta;
    private final double[] mean;

    LossScaleWeighting(double[] base, double beta) {
        this.base = base.clone();
        this.beta = beta;
        this.mean = new double[base.length];
        java.util.Arrays.fill(mean, Double.NaN);
    }

    @Override
    public void weights(double[] losses, boolean[] active, double[] out) {
        for (int t = 0; t < base.length; t++) {
            double m = mean[t];
            if (Double.isNaN(m) && active != null && active[t]) {
                m = losses[t];
            }
            out[t] = Double.isNaN(m) ? base[t] : base[t] / Math.max(m, 1e-12);
        }
    }

    @Override
    public void update(double[] losses, boolean[] active, double[] used, double[] norms) {
        for (int t = 0; t < base.length; t++) {
            if (active[t]) {
                mean[t] = Double.isNaN(mean[t]) ? losses[t] : beta * mean[t] + (1 - beta) * losses[t];
            }
        }
    }

    @Override
    public int tasks() {
        return base.length;
    }

    @Override
    public int stateBytes() {
        return base.length * 8;
    }

    @Override
    public void write(ByteBuffer out) {
        for (double m : mean) {
            out.putDouble(m);
        }
    }

    @Override
    public void read(ByteBuffer in) {
        for (int t = 0; t < mean.length; t++) {
            mean[t] = in.getDouble();
        }
    }
}
