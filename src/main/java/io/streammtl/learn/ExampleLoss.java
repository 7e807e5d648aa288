package io.streammtl.learn;

import io.streammtl.config.TaskKind;

/**
 * One row's loss on one task, before any normalisation: squared error in label units for regression, log-loss of
 * the predicted probability of the true class (floored at 1e-7) for binary and multiclass tasks. The paired losses of
 * champion/challenger selection and of drift challengers both start from it.
 */
public final class ExampleLoss {
    private static final double FLOOR = 1e-7;

    private ExampleLoss() {
    }

    /** Task {@code t}'s loss on row {@code row} of {@code predictions}, whose label is {@code label}. */
    public static double of(TaskKind kind, BatchPredictions predictions, int t, int row, float label) {
        if (kind == TaskKind.REGRESSION) {
            double error = predictions.value(t, row) - label;
            return error * error;
        }
        double p = kind == TaskKind.BINARY
                ? (label > 0.5f ? predictions.value(t, row) : 1 - predictions.value(t, row))
                : predictions.probability(t, row, (int) label);
        return -Math.log(Math.max(FLOOR, p));
    }
}
