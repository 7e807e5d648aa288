package io.streammtl.learn;

import io.streammtl.config.ModelConfig;
import io.streammtl.config.TaskConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Predictions of the final model on a test set, with exact metrics per task. */
record TestScores(double[][] truth, double[][] predicted, List<Map<String, Double>> metrics) {
    static TestScores of(OnlineLearner learner, List<Example> test) {
        ModelConfig config = learner.config();
        int tasks = config.tasks().size();
        List<List<double[]>> rows = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            rows.add(new ArrayList<>());
        }
        ExampleBatch batch = new ExampleBatch(learner.backend().capacity(), config.inputWidth(), tasks);
        List<Example> pending = new ArrayList<>();
        for (int i = 0; i < test.size(); i++) {
            Example e = test.get(i);
            batch.add(e);
            pending.add(e);
            if (batch.isFull() || i == test.size() - 1) {
                BatchPredictions p = learner.predict(batch);
                for (int r = 0; r < pending.size(); r++) {
                    for (int t = 0; t < tasks; t++) {
                        if (pending.get(r).labeled()[t]) {
                            int width = config.tasks().get(t).outputs();
                            double[] entry = new double[1 + width];
                            entry[0] = pending.get(r).labels()[t];
                            for (int c = 0; c < width; c++) {
                                entry[1 + c] = p.outputs(t)[r * width + c];
                            }
                            rows.get(t).add(entry);
                        }
                    }
                }
                batch.clear();
                pending.clear();
            }
        }
        double[][] truth = new double[tasks][];
        double[][] predicted = new double[tasks][];
        List<Map<String, Double>> metrics = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            List<double[]> entries = rows.get(t);
            int n = entries.size();
            truth[t] = new double[n];
            predicted[t] = new double[n];
            TaskConfig task = config.tasks().get(t);
            double[][] probabilities = new double[n][];
            int[] classes = new int[n];
            for (int i = 0; i < n; i++) {
                truth[t][i] = entries.get(i)[0];
                predicted[t][i] = entries.get(i)[1];
                probabilities[i] = java.util.Arrays.copyOfRange(entries.get(i), 1, entries.get(i).length);
                classes[i] = (int) entries.get(i)[0];
            }
            metrics.add(TaskType.of(task).testMetrics(truth[t], predicted[t], classes, probabilities, n));
        }
        return new TestScores(truth, predicted, metrics);
    }

    Map<String, Double> metrics(int t) {
        return metrics.get(t);
    }

    double[] truth(int t) {
        return truth[t];
    }

    double[] predicted(int t) {
        return predicted[t];
    }
}
