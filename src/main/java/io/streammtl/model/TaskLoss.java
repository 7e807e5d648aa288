package io.streammtl.model;

import io.streammtl.config.LossKind;
import io.streammtl.config.TaskConfig;

/**
 * A task's loss on raw head outputs z over the labeled rows of a batch (mean over those rows, or the mean weighted by
 * per-row example weights), and its gradient dL/dz scaled by the task weight; unlabeled rows get a zero gradient.
 */
public final class TaskLoss {
    private final LossKind kind;
    private final int outputs;
    private final double huberDelta;

    public TaskLoss(TaskConfig task) {
        this.kind = task.loss();
        this.outputs = task.outputs();
        this.huberDelta = task.huberDelta();
    }

    /**
     * Returns the mean loss over labeled rows (NaN if none) and writes weight·dL/dz into {@code gradient}
     * (rows × outputs). Labels: regression target, binary 0/1, multiclass class index.
     */
    public double lossAndGradient(float[] z, float[] labels, boolean[] labeled, int rows, double weight,
                                  float[] gradient) {
        return lossAndGradient(z, labels, labeled, null, rows, weight, gradient);
    }

    /**
     * As above, each labeled row's loss weighted by {@code rowWeights[r]} (null: all 1) and the mean taken over the
     * total weight, so a row of weight 2 counts as that row twice.
     */
    public double lossAndGradient(float[] z, float[] labels, boolean[] labeled, float[] rowWeights, int rows,
                                  double weight, float[] gradient) {
        double total = 0;
        for (int r = 0; r < rows; r++) {
            if (labeled[r]) {
                total += rowWeights == null ? 1 : rowWeights[r];
            }
        }
        java.util.Arrays.fill(gradient, 0, rows * outputs, 0f);
        if (total == 0) {
            return Double.NaN;
        }
        double scale = weight / total;
        double sum = 0;
        for (int r = 0; r < rows; r++) {
            if (labeled[r]) {
                double w = rowWeights == null ? 1 : rowWeights[r];
                double rowScale = rowWeights == null ? scale : scale * w;
                double loss = switch (kind) {
                    case MSE -> mse(z[r], labels[r], rowScale, gradient, r);
                    case HUBER -> huber(z[r], labels[r], rowScale, gradient, r);
                    case BCE -> bce(z[r], labels[r], rowScale, gradient, r);
                    case CROSS_ENTROPY -> crossEntropy(z, r * outputs, (int) labels[r], rowScale, gradient);
                };
                sum += rowWeights == null ? loss : w * loss;
            }
        }
        return sum / total;
    }

    private static double mse(float z, float y, double scale, float[] gradient, int r) {
        double residual = (double) z - y;
        gradient[r] = (float) (2 * residual * scale);
        return residual * residual;
    }

    private double huber(float z, float y, double scale, float[] gradient, int r) {
        double residual = (double) z - y;
        double abs = Math.abs(residual);
        if (abs <= huberDelta) {
            gradient[r] = (float) (residual * scale);
            return 0.5 * residual * residual;
        }
        gradient[r] = (float) (Math.signum(residual) * huberDelta * scale);
        return huberDelta * (abs - 0.5 * huberDelta);
    }

    private static double bce(float z, float y, double scale, float[] gradient, int r) {
        double x = z;
        gradient[r] = (float) ((Probability.sigmoid(x) - y) * scale);
        return Math.max(x, 0) - x * y + Math.log1p(Math.exp(-Math.abs(x)));
    }

    private double crossEntropy(float[] z, int offset, int label, double scale, float[] gradient) {
        double logSum = Probability.logSumExp(z, offset, outputs);
        for (int c = 0; c < outputs; c++) {
            double p = Math.exp(z[offset + c] - logSum);
            gradient[offset + c] = (float) ((p - (c == label ? 1 : 0)) * scale);
        }
        return logSum - z[offset + label];
    }
}
