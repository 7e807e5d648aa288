package io.streammtl.model.train;

import io.streammtl.config.ModelConfig;
import io.streammtl.config.TaskConfig;
import io.streammtl.config.TaskInputs;
import io.streammtl.model.CoherencePenalty;

import java.util.List;

/** The configured coherence penalties of a model, resolved to task indices, with each regression task's scale. */
final class Coherence {
    private final int[] binary;
    private final int[] regression;
    private final double[] threshold;
    private final double[] temperature;
    private final double[] weight;
    private final double[] mean;
    private final double[] std;

    private Coherence(int terms, int tasks) {
        binary = new int[terms];
        regression = new int[terms];
        threshold = new double[terms];
        temperature = new double[terms];
        weight = new double[terms];
        mean = new double[tasks];
        std = new double[tasks];
        java.util.Arrays.fill(std, 1.0);
    }

    static Coherence of(ModelConfig config) {
        List<TaskInputs.CoherenceConfig> terms = config.taskInputs().coherence();
        List<String> names = config.tasks().stream().map(TaskConfig::name).toList();
        Coherence out = new Coherence(terms.size(), names.size());
        for (int i = 0; i < terms.size(); i++) {
            TaskInputs.CoherenceConfig c = terms.get(i);
            out.binary[i] = names.indexOf(c.binaryTask());
            out.regression[i] = names.indexOf(c.regressionTask());
            out.threshold[i] = c.threshold();
            out.temperature[i] = c.temperature();
            out.weight[i] = c.weight();
        }
        return out;
    }

    boolean active() {
        return binary.length > 0;
    }

    void setTargetScale(int t, double m, double s) {
        mean[t] = m;
        std[t] = s;
    }

    /** Adds every penalty's gradient to the head gradients (marking both heads active); returns their sum. */
    double addGradients(float[][] outputs, int rows, float[][] gradients, boolean[] active) {
        double total = 0;
        for (int i = 0; i < binary.length; i++) {
            int q = regression[i];
            double s = std[q];
            total += CoherencePenalty.addGradient(outputs[binary[i]], outputs[q], rows, (threshold[i] - mean[q]) / s,
                    temperature[i] / s, weight[i], gradients[binary[i]], gradients[q]);
            active[binary[i]] = true;
            active[q] = true;
        }
        return total;
    }
}
