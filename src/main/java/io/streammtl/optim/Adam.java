package io.streammtl.optim;

import java.nio.FloatBuffer;

/**
 * Adam (Kingma &amp; Ba 2015) and AdamW (Loshchilov &amp; Hutter 2019) with PyTorch's arithmetic: ε added
 * after the bias-corrected square root. A plain loop, because ND4J's AdamUpdater measured about ten times
 * slower per parameter here and places ε differently.
 */
final class Adam implements Optimizer {
    /** Moments below this are flushed to zero: denormal floats slowed long runs up to 8×. */
    private static final float FLUSH = 1e-30f;

    private final double learningRate;
    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final double weightDecay;
    private final boolean decoupled;

    Adam(double learningRate, double beta1, double beta2, double epsilon, double weightDecay, boolean decoupled) {
        this.learningRate = learningRate;
        this.beta1 = (float) beta1;
        this.beta2 = (float) beta2;
        this.epsilon = (float) epsilon;
        this.weightDecay = weightDecay;
        this.decoupled = decoupled;
    }

    @Override
    public void step(ParameterGroup group, float gradientScale, double learningRateScale) {
        group.advance();
        long t = group.steps();
        double lr = learningRate * learningRateScale;
        float stepSize = (float) (lr / (1 - Math.pow(beta1, t)));
        float correction2 = (float) Math.sqrt(1 - Math.pow(beta2, t));
        float decay = decoupled ? (float) (1 - lr * weightDecay) : 1f;
        float l2 = decoupled ? 0f : (float) weightDecay;
        float oneMinusBeta1 = 1f - beta1;
        float oneMinusBeta2 = 1f - beta2;
        for (Parameter p : group.parameters()) {
            FloatBuffer values = p.values();
            FloatBuffer gradient = p.gradient();
            float[] m = p.first();
            float[] v = p.second();
            for (int i = 0, n = p.size(); i < n; i++) {
                float w = values.get(i);
                float g = gradient.get(i) * gradientScale + l2 * w;
                float mi = beta1 * m[i] + oneMinusBeta1 * g;
                float vi = beta2 * v[i] + oneMinusBeta2 * g * g;
                if (Math.abs(mi) < FLUSH) {
                    mi = 0f;
                }
                if (vi < FLUSH) {
                    vi = 0f;
                }
                m[i] = mi;
                v[i] = vi;
                float denominator = (float) Math.sqrt(vi) / correction2 + epsilon;
                values.put(i, w * decay - stepSize * mi / denominator);
            }
        }
    }
}
