package io.streammtl.cli;

import io.streammtl.config.ModelConfig;
import io.streammtl.config.TaskInputs;
import io.streammtl.learn.EvaluationResult;
import io.streammtl.learn.TaskEvaluation;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * For each coherence pair of a spec (even one whose weight is 0), how far the binary task's probability agrees
 * with the regression task's prediction on the rows labeled for both (the test set, else the last pass):
 * the share of rows where P ≥ 0.5 exactly when ŷ ≥ threshold, and the mean |P − σ((ŷ − threshold)/temperature)|.
 */
final class CoherenceReport {
    private CoherenceReport() {
    }

    static void print(PrintWriter out, ModelConfig config, EvaluationResult result) {
        for (TaskInputs.CoherenceConfig c : config.taskInputs().coherence()) {
            TaskEvaluation binary = find(result.tasks(), c.binaryTask());
            TaskEvaluation regression = find(result.tasks(), c.regressionTask());
            double[] p = binary.predicted();
            double[] y = regression.predicted();
            if (p.length != y.length || p.length == 0) {
                out.printf(Locale.ROOT, "coherence %s ~ %s: n/a (the tasks are not labeled on the same rows)%n",
                        c.binaryTask(), c.regressionTask());
                continue;
            }
            int agree = 0;
            double gap = 0;
            for (int i = 0; i < p.length; i++) {
                agree += (p[i] >= 0.5) == (y[i] >= c.threshold()) ? 1 : 0;
                gap += Math.abs(p[i] - 1 / (1 + Math.exp(-(y[i] - c.threshold()) / c.temperature())));
            }
            out.printf(Locale.ROOT, "coherence %s ~ %s≥%s (weight %s): agreement %.4f, mean |P − σ((ŷ−%s)/%s)| %.4f"
                            + " over %d rows%n", c.binaryTask(), c.regressionTask(), fmt(c.threshold()),
                    fmt(c.weight()), agree / (double) p.length, fmt(c.threshold()), fmt(c.temperature()),
                    gap / p.length, p.length);
        }
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private static TaskEvaluation find(List<TaskEvaluation> tasks, String name) {
        return tasks.stream().filter(t -> t.task().name().equals(name)).findFirst().orElseThrow();
    }
}
