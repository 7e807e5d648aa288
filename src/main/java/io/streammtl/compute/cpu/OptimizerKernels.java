package io.streammtl.compute.cpu;

import java.nio.FloatBuffer;

/**
 * The optimiser updates as plain loops. Adam and schedule-free AdamW run over heap copies of the native parameter and
 * gradient buffers: element access through a direct {@code FloatBuffer} does not vectorise, and the copy plus the
 * vectorised loop measured about three times faster than the loop over the buffers (ND4J's AdamUpdater measured
 * about ten times slower per parameter and places ε differently).
 */
final class OptimizerKernels {
    /** Moments below this are flushed to zero: denormal floats slowed long runs up to 8×. */
    private static final float FLUSH = 1e-30f;

    private float[] values = new float[0];
    private float[] gradients = new float[0];

    void adam(FloatBuffer valueBuffer, FloatBuffer gradientBuffer, float[] m, float[] v, int n, float gradientScale,
              float beta1, float beta2, float stepSize, float correction2, float epsilon, float decay, float l2,
              boolean flush) {
        copyToHeap(valueBuffer, gradientBuffer, n);
        float[] w = values;
        float[] grad = gradients;
        float oneMinusBeta1 = 1f - beta1;
        float oneMinusBeta2 = 1f - beta2;
        for (int i = 0; i < n; i++) {
            float g = grad[i] * gradientScale + l2 * w[i];
            float mi = beta1 * m[i] + oneMinusBeta1 * g;
            float vi = beta2 * v[i] + oneMinusBeta2 * g * g;
            m[i] = mi;
            v[i] = vi;
            float denominator = (float) Math.sqrt(vi) / correction2 + epsilon;
            w[i] = w[i] * decay - stepSize * mi / denominator;
        }
        valueBuffer.put(0, w, 0, n);
        if (flush) {
            flushTiny(m, n);
            flushTiny(v, n);
        }
    }

    void scheduleFreeAdamw(FloatBuffer valueBuffer, FloatBuffer gradientBuffer, float[] z, float[] v, int n,
                           float gradientScale, float beta2, float lr, float correction2, float epsilon,
                           float weightDecay, float averaging, float yStep, boolean first, boolean flush) {
        copyToHeap(valueBuffer, gradientBuffer, n);
        float[] y = values;
        float[] grad = gradients;
        if (first) {
            System.arraycopy(y, 0, z, 0, n);
        }
        float oneMinusBeta2 = 1f - beta2;
        for (int i = 0; i < n; i++) {
            float g = grad[i] * gradientScale;
            float vi = beta2 * v[i] + oneMinusBeta2 * g * g;
            v[i] = vi;
            float u = g / ((float) Math.sqrt(vi) / correction2 + epsilon) + weightDecay * y[i];
            float zi = z[i];
            y[i] = y[i] + averaging * (zi - y[i]) + yStep * u;
            z[i] = zi - lr * u;
        }
        valueBuffer.put(0, y, 0, n);
        if (flush) {
            flushTiny(v, n);
        }
    }

    private void copyToHeap(FloatBuffer valueBuffer, FloatBuffer gradientBuffer, int n) {
        if (values.length < n) {
            values = new float[n];
            gradients = new float[n];
        }
        valueBuffer.get(0, values, 0, n);
        gradientBuffer.get(0, gradients, 0, n);
    }

    private static void flushTiny(float[] moment, int n) {
        for (int i = 0; i < n; i++) {
            if (Math.abs(moment[i]) < FLUSH) {
                moment[i] = 0f;
            }
        }
    }

    static void sgd(FloatBuffer values, FloatBuffer gradient, float[] velocity, int n, float gradientScale, float lr,
                    float weightDecay, float momentum, boolean nesterov, boolean first) {
        for (int i = 0; i < n; i++) {
            float w = values.get(i);
            float g = gradient.get(i) * gradientScale + weightDecay * w;
            if (momentum != 0f) {
                float u = first ? g : momentum * velocity[i] + g;
                velocity[i] = u;
                g = nesterov ? g + momentum * u : u;
            }
            values.put(i, w - lr * g);
        }
    }
}
