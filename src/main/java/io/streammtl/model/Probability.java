package io.streammtl.model;

/** Numerically stable sigmoid and softmax turning head outputs into probabilities. */
public final class Probability {
    private Probability() {
    }

    public static double sigmoid(double z) {
        if (z >= 0) {
            return 1.0 / (1.0 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1.0 + e);
    }

    /** log Σ exp(z[offset .. offset+n)), shifted by the maximum so that it cannot overflow. */
    public static double logSumExp(float[] z, int offset, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < n; c++) {
            max = Math.max(max, z[offset + c]);
        }
        double sum = 0;
        for (int c = 0; c < n; c++) {
            sum += Math.exp(z[offset + c] - max);
        }
        return max + Math.log(sum);
    }

    /** Softmax of {@code z[offset .. offset+n)} written to {@code out[offset ..]} (which may be {@code z}). */
    public static void softmax(float[] z, int offset, int n, float[] out) {
        double logSum = logSumExp(z, offset, n);
        for (int c = 0; c < n; c++) {
            out[offset + c] = (float) Math.exp(z[offset + c] - logSum);
        }
    }
}
