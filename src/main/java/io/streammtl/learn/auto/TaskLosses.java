package io.streammtl.learn.auto;

import io.streammtl.config.ModelConfig;
import io.streammtl.config.TaskKind;
import io.streammtl.learn.BatchPredictions;
import io.streammtl.learn.Example;

/**
 * One example's loss per task, before normalisation: squared error in label units for regression, log-loss of the
 * predicted probability of the true class (clipped at 1e-7) for classes; NaN where the task is not labeled.
 */
final class TaskLosses {
    private static final double FLOOR = 1e-7;

    private TaskLosses() {
    }

    static double[] of(ModelConfig config, BatchPredictions predictions, int row, Example example) {
        double[] losses = new double[config.tasks().size()];
        for (int t = 0; t < losses.length; t++) {
            if (!example.hasLabel(t)) {
                losses[t] = Double.NaN;
                continue;
            }
            float label = example.labels()[t];
            TaskKind kind = config.tasks().get(t).kind();
            double p;
            if (kind == TaskKind.REGRESSION) {
                double error = predictions.value(t, row) - label;
                losses[t] = error * error;
                continue;
            } else if (kind == TaskKind.BINARY) {
                p = label > 0.5f ? predictions.value(t, row) : 1 - predictions.value(t, row);
            } else {
                p = predictions.probability(t, row, (int) label);
            }
            losses[t] = -Math.log(Math.max(FLOOR, p));
        }
        return losses;
    }
}
