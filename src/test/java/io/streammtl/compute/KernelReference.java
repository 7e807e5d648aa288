package io.streammtl.compute;

import io.streammtl.config.Activation;

/** Plain-Java references of the kernels, written from their contracts in {@link ComputeBackend}. */
final class KernelReference {
    static final float LEAKY_SLOPE = 0.01f;

    private KernelReference() {
    }

    /** C = alpha·op(A)·op(B) + beta·C in double, row-major. */
    static float[] gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, float[] b,
                        float beta, float[] c) {
        float[] out = c.clone();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    double x = transA ? a[p * m + i] : a[i * k + p];
                    double y = transB ? b[j * k + p] : b[p * n + j];
                    sum += x * y;
                }
                out[i * n + j] = (float) (alpha * sum + beta * c[i * n + j]);
            }
        }
        return out;
    }

    static float activate(Activation activation, float z) {
        return switch (activation) {
            case RELU -> z > 0f ? z : 0f;
            case LEAKY_RELU -> z > 0f ? z : LEAKY_SLOPE * z;
            case TANH -> (float) Math.tanh(z);
            case SIGMOID -> (float) (1.0 / (1.0 + Math.exp(-z)));
            case IDENTITY -> z;
        };
    }

    static float derivativeFromOutput(Activation activation, float a) {
        return switch (activation) {
            case RELU -> a > 0f ? 1f : 0f;
            case LEAKY_RELU -> a > 0f ? 1f : LEAKY_SLOPE;
            case TANH -> 1f - a * a;
            case SIGMOID -> a * (1f - a);
            case IDENTITY -> 1f;
        };
    }

    /** Adam's update of one value; returns {w, m, v}. */
    static float[] adam(float w, float gradient, float m, float v, float gradientScale, float beta1, float beta2,
                        float stepSize, float correction2, float epsilon, float decay, float l2) {
        float g = gradient * gradientScale + l2 * w;
        float mi = beta1 * m + (1f - beta1) * g;
        float vi = beta2 * v + (1f - beta2) * g * g;
        float denominator = (float) Math.sqrt(vi) / correction2 + epsilon;
        return new float[] {w * decay - stepSize * mi / denominator, mi, vi};
    }

    /** One schedule-free AdamW element: {new y, new z, new v}, z starting as y on the first step. */
    static float[] scheduleFreeAdamw(float y, float gradient, float z, float v, float gradientScale, float beta2,
                                     float lr, float correction2, float epsilon, float weightDecay, float averaging,
                                     float yStep, boolean first) {
        float zi = first ? y : z;
        float g = gradient * gradientScale;
        float vi = beta2 * v + (1f - beta2) * g * g;
        float u = g / ((float) Math.sqrt(vi) / correction2 + epsilon) + weightDecay * y;
        return new float[] {y + averaging * (zi - y) + yStep * u, zi - lr * u, vi};
    }
}
