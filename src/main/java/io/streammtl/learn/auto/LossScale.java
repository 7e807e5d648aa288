package io.streammtl.learn.auto;

import io.streammtl.config.ModelConfig;
import io.streammtl.config.TaskConfig;
import io.streammtl.config.TaskKind;
import io.streammtl.learn.Example;
import io.streammtl.learn.state.StateReader;
import io.streammtl.learn.state.StateWriter;

/**
 * Puts every task's loss on one scale, where 1 is the loss of a predictor that knows nothing: squared error over the
 * running variance of the task's labels (the error of predicting the mean), log-loss over ln K for K classes (the
 * loss of the uniform guess). An example's loss is the sum over its labeled tasks. The variances follow the
 * examples in arrival order, shared by all variants, so paired losses are normalised alike.
 */
final class LossScale {
    private final boolean[] regression;
    private final double[] fixed;
    private final long[] count;
    private final double[] mean;
    private final double[] squares;

    LossScale(ModelConfig config) {
        int tasks = config.tasks().size();
        regression = new boolean[tasks];
        fixed = new double[tasks];
        count = new long[tasks];
        mean = new double[tasks];
        squares = new double[tasks];
        for (int t = 0; t < tasks; t++) {
            TaskConfig task = config.tasks().get(t);
            regression[t] = task.kind() == TaskKind.REGRESSION;
            fixed[t] = Math.log(task.kind() == TaskKind.MULTICLASS ? task.classes().size() : 2);
        }
    }

    /** Welford's update with the example's regression labels. */
    void observe(Example example) {
        for (int t = 0; t < regression.length; t++) {
            if (regression[t] && example.hasLabel(t)) {
                double y = example.labels()[t];
                count[t]++;
                double delta = y - mean[t];
                mean[t] += delta / count[t];
                squares[t] += delta * (y - mean[t]);
            }
        }
    }

    /** The sum over labeled tasks (non-NaN entries) of each loss over its task's scale. */
    double normalise(double[] losses) {
        double sum = 0;
        for (int t = 0; t < losses.length; t++) {
            if (!Double.isNaN(losses[t])) {
                sum += losses[t] / scale(t);
            }
        }
        return sum;
    }

    private double scale(int t) {
        if (!regression[t]) {
            return fixed[t];
        }
        double variance = count[t] < 2 ? 0 : squares[t] / (count[t] - 1);
        return variance > 1e-12 ? variance : 1;
    }

    void write(StateWriter out) {
        for (int t = 0; t < regression.length; t++) {
            out.putLong(count[t]).putDouble(mean[t]).putDouble(squares[t]);
        }
    }

    void read(StateReader in) {
        for (int t = 0; t < regression.length; t++) {
            count[t] = in.getLong();
            mean[t] = in.getDouble();
            squares[t] = in.getDouble();
        }
    }
}
