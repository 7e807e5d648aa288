package io.streammtl.optim;

/**
 * Adam (Kingma &amp; Ba 2015) and AdamW (Loshchilov &amp; Hutter 2019) with PyTorch's arithmetic: ε added
 * after the bias-corrected square root; the update itself is the compute backend's kernel.
 */
final class Adam implements Optimizer {
    /**
     * Steps between flushes of tiny moments. A moment decays by at most β1 = 0.9 a step, so one at the threshold
     * (1e-30) stays above 1e-30 · 0.9^16 ≈ 2e-31, far from the denormal range (&lt; 1.2e-38), until the next flush;
     * a separate pass keeps the compare out of the vectorised loop.
     */
    static final int FLUSH_EVERY = 16;

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
        boolean flush = t % FLUSH_EVERY == 0;
        for (Parameter p : group.parameters()) {
            group.compute().adam(p.values(), p.gradient(), p.first(), p.second(), p.size(), gradientScale, beta1,
                    beta2, stepSize, correction2, epsilon, decay, l2, flush);
        }
    }
}
