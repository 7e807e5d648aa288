package io.streammtl.model;

/**
 * A coherence penalty between a binary task and a regression task over every row of a batch:
 * γ/n · Σ_r (σ(z_b) − σ((z_q − c)/τ))², where z_q is the regression head's raw (standardised) output and
 * c and τ are the threshold and temperature in the same units; with c = (threshold − μ)/s and τ = temperature/s
 * the indicator is σ((ŷ − threshold)/temperature) in the target's original units.
 */
public final class CoherencePenalty {
    private CoherencePenalty() {
    }

    /**
     * Returns the penalty and adds its gradient to {@code binaryGrad} (dP/dz_b) and {@code regressionGrad}
     * (dP/dz_q), one value per row.
     */
    public static double addGradient(float[] binaryZ, float[] regressionZ, int rows, double threshold,
                                     double temperature, double weight, float[] binaryGrad, float[] regressionGrad) {
        double sum = 0;
        double scale = 2 * weight / rows;
        for (int r = 0; r < rows; r++) {
            double p = Probability.sigmoid(binaryZ[r]);
            double s = Probability.sigmoid((regressionZ[r] - threshold) / temperature);
            double diff = p - s;
            sum += diff * diff;
            binaryGrad[r] += (float) (scale * diff * p * (1 - p));
            regressionGrad[r] += (float) (-scale * diff * s * (1 - s) / temperature);
        }
        return weight * sum / rows;
    }
}
