package io.streammtl.learn.auto;

import io.streammtl.config.ModelConfig;
import io.streammtl.learn.BatchPredictions;
import io.streammtl.learn.Example;
import io.streammtl.learn.ExampleLoss;

/**
 * One example's loss per task, before normalisation ({@link ExampleLoss}); NaN where the task is not labeled.
 */
final class TaskLosses {
    private TaskLosses() {
    }

    static double[] of(ModelConfig config, BatchPredictions predictions, int row, Example example) {
        double[] losses = new double[config.tasks().size()];
        for (int t = 0; t < losses.length; t++) {
            if (!example.hasLabel(t)) {
                losses[t] = Double.NaN;
                continue;
            }
            losses[t] = ExampleLoss.of(config.tasks().get(t).kind(), predictions, t, row, example.labels()[t]);
        }
        return losses;
    }
}
