package io.streammtl.model.weighting;

import java.nio.ByteBuffer;

/**
 * Adam (Kingma &amp; Ba 2015, β 0.9/0.999, ε 1e-8) on a handful of scalars, each with its own step count so a task
 * without labels does not advance its state; in double, the weights being few.
 */
final class ScalarAdam {
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPSILON = 1e-8;

    private final double lr;
    private final double[] m;
    private final double[] v;
    private final long[] steps;

    ScalarAdam(int size, double lr) {
        this.lr = lr;
        this.m = new double[size];
        this.v = new double[size];
        this.steps = new long[size];
    }

    /** The new value of parameter {@code i} after one step on {@code gradient}. */
    double step(int i, double value, double gradient) {
        steps[i]++;
        m[i] = BETA1 * m[i] + (1 - BETA1) * gradient;
        v[i] = BETA2 * v[i] + (1 - BETA2) * gradient * gradient;
        double mHat = m[i] / (1 - Math.pow(BETA1, steps[i]));
        double vHat = v[i] / (1 - Math.pow(BETA2, steps[i]));
        return value - lr * mHat / (Math.sqrt(vHat) + EPSILON);
    }

    int stateBytes() {
        return m.length * 24;
    }

    void write(ByteBuffer out) {
        for (int i = 0; i < m.length; i++) {
            out.putDouble(m[i]).putDouble(v[i]).putLong(steps[i]);
        }
    }

    void read(ByteBuffer in) {
        for (int i = 0; i < m.length; i++) {
            m[i] = in.getDouble();
            v[i] = in.getDouble();
            steps[i] = in.getLong();
        }
    }
}
