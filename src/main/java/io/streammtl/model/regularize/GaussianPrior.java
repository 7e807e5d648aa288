package io.streammtl.model.regularize;

import io.streammtl.config.HeadCoupling;
import io.streammtl.config.TaskConfig;
import io.streammtl.model.MultiTaskNetwork;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * A shared Gaussian prior over head parameters, θ_t ~ N(θ̄, σ²I) (hierarchical Bayesian multi-task learning, e.g.
 * Bakker &amp; Heskes 2003), as the penalty {@code s·Σ_t ‖θ_t − θ̄‖² / (2σ²)}. θ̄ and σ² are empirical-Bayes estimates
 * from the heads themselves, tracked online: after each step an exponential moving average (rate ρ) of the heads'
 * mean and of their per-coordinate variance about it (floored); the first step takes them as they are. The
 * gradient treats θ̄ and σ² as constants.
 */
final class GaussianPrior implements Penalty {
    private final double strength;
    private final double rate;
    private final double minVariance;
    private final int[] members;
    private final HeadParameters[] heads;
    private final double[][] theta;
    private final double[] mean;
    private final double[] delta;
    private double variance = Double.NaN;

    GaussianPrior(HeadCoupling config, List<TaskConfig> tasks, MultiTaskNetwork network) {
        this.strength = config.strength();
        this.rate = config.rate();
        this.minVariance = config.minVariance();
        List<String> names = tasks.stream().map(TaskConfig::name).toList();
        this.members = config.tasks().stream().mapToInt(names::indexOf).toArray();
        this.heads = new HeadParameters[members.length];
        this.theta = new double[members.length][];
        for (int i = 0; i < members.length; i++) {
            heads[i] = new HeadParameters(network, members[i]);
            theta[i] = new double[heads[i].size()];
        }
        this.mean = new double[heads[0].size()];
        this.delta = new double[heads[0].size()];
    }

    private void readHeads() {
        for (int i = 0; i < heads.length; i++) {
            heads[i].read(theta[i]);
        }
    }

    @Override
    public double value() {
        if (Double.isNaN(variance)) {
            return 0;
        }
        readHeads();
        double sum = 0;
        for (double[] th : theta) {
            for (int k = 0; k < th.length; k++) {
                double d = th[k] - mean[k];
                sum += d * d;
            }
        }
        return strength * sum / (2 * variance);
    }

    @Override
    public void addGradient(boolean[] activeHeads) {
        if (Double.isNaN(variance)) {
            return;
        }
        readHeads();
        double scale = strength / variance;
        for (int i = 0; i < heads.length; i++) {
            if (!activeHeads[members[i]]) {
                continue;
            }
            for (int k = 0; k < delta.length; k++) {
                delta[k] = scale * (theta[i][k] - mean[k]);
            }
            heads[i].addToGradient(delta);
        }
    }

    /** Moves θ̄ and σ² towards the heads' current mean and spread. */
    void estimate() {
        readHeads();
        int d = mean.length;
        double[] now = new double[d];
        for (double[] th : theta) {
            for (int k = 0; k < d; k++) {
                now[k] += th[k] / theta.length;
            }
        }
        double spread = 0;
        for (double[] th : theta) {
            for (int k = 0; k < d; k++) {
                double e = th[k] - now[k];
                spread += e * e;
            }
        }
        spread /= (double) theta.length * d;
        boolean first = Double.isNaN(variance);
        for (int k = 0; k < d; k++) {
            mean[k] = first ? now[k] : (1 - rate) * mean[k] + rate * now[k];
        }
        variance = Math.max(minVariance, first ? spread : (1 - rate) * variance + rate * spread);
    }

    /** θ̄ and σ² as tests set them, for gradient checks. */
    void set(double[] newMean, double newVariance) {
        System.arraycopy(newMean, 0, mean, 0, mean.length);
        variance = newVariance;
    }

    double variance() {
        return variance;
    }

    int stateBytes() {
        return 8 + 8 * mean.length;
    }

    void write(ByteBuffer out) {
        out.putDouble(variance);
        for (double m : mean) {
            out.putDouble(m);
        }
    }

    void read(ByteBuffer in) {
        variance = in.getDouble();
        for (int k = 0; k < mean.length; k++) {
            mean[k] = in.getDouble();
        }
    }
}
