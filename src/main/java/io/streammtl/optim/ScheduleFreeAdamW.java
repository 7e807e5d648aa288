package io.streammtl.optim;

/**
 * Schedule-free AdamW (Defazio et al. 2024, "The Road Less Scheduled", arXiv 2405.15682) in the form of the authors'
 * {@code schedulefree} package: the parameter values hold y, where gradients are taken and the model predicts, the
 * first state buffer holds the base sequence z and the second Adam's second moment. The averaged point x never has
 * to be stored: y = (1−β1)·z + β1·x, so y moves towards z by the averaging weight c_t and by a gradient step.
 *
 * <p>Averaging weights are uniform, c_t = 1/t. The package weighs step t by lr_t², which is the same at a constant
 * rate; uniform weights keep the whole state in the step count, so the parameter-state layout is Adam's.
 */
final class ScheduleFreeAdamW implements Optimizer {
    private final double learningRate;
    private final double beta1;
    private final float beta2;
    private final float epsilon;
    private final float weightDecay;

    ScheduleFreeAdamW(double learningRate, double beta1, double beta2, double epsilon, double weightDecay) {
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = (float) beta2;
        this.epsilon = (float) epsilon;
        this.weightDecay = (float) weightDecay;
    }

    @Override
    public void step(ParameterGroup group, float gradientScale, double learningRateScale) {
        boolean first = group.steps() == 0;
        group.advance();
        long t = group.steps();
        double lr = learningRate * learningRateScale;
        double averaging = 1.0 / t;
        float yStep = (float) (lr * (beta1 * (1 - averaging) - 1));
        float correction2 = (float) Math.sqrt(1 - Math.pow(beta2, t));
        boolean flush = t % Adam.FLUSH_EVERY == 0;
        for (Parameter p : group.parameters()) {
            group.compute().scheduleFreeAdamw(p.values(), p.gradient(), p.first(), p.second(), p.size(),
                    gradientScale, beta2, (float) lr, correction2, epsilon, weightDecay, (float) averaging, yStep,
                    first, flush);
        }
    }
}
