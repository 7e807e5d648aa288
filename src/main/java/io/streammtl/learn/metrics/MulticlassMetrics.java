package io.streammtl.learn.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/** Exact multiclass metrics (accuracy, macro_f1, logloss) over the first {@code n} examples. */
public final class MulticlassMetrics {

    private MulticlassMetrics() {
    }

    /**
     * Computes accuracy of the argmax prediction (lowest index wins ties), macro-F1 (see
     * {@link MacroF1#of}) and mean −log of the true-class probability clipped at 1e-15.
     * All values are NaN when {@code n == 0}.
     *
     * @throws IllegalArgumentException if a label is outside {@code [0, classes)} or a row is shorter
     *     than {@code classes}
     */
    public static Map<String, Double> of(int[] truth, double[][] probabilities, int n, int classes) {
        Arguments.requireClasses(classes);
        Arguments.requireCount(n, truth.length, "truth");
        Arguments.requireCount(n, probabilities.length, "probabilities");
        if (n == 0) {
            return result(Double.NaN, Double.NaN, Double.NaN);
        }
        long[][] confusion = new long[classes][classes];
        long correct = 0;
        double lossSum = 0.0;
        for (int i = 0; i < n; i++) {
            double[] row = probabilities[i];
            if (row.length < classes) {
                throw new IllegalArgumentException(
                        "probabilities[" + i + "] has " + row.length + " entries, need " + classes);
            }
            int actual = checkedClass(truth[i], classes);
            int predicted = argmax(row, 0, classes);
            confusion[actual][predicted]++;
            if (actual == predicted) {
                correct++;
            }
            lossSum += LogLoss.trueClass(row[actual]);
        }
        return result((double) correct / n, MacroF1.of(confusion), lossSum / n);
    }

    static int argmax(double[] values, int offset, int classes) {
        int best = 0;
        for (int c = 1; c < classes; c++) {
            if (values[offset + c] > values[offset + best]) {
                best = c;
            }
        }
        return best;
    }

    static int argmax(float[] values, int offset, int classes) {
        int best = 0;
        for (int c = 1; c < classes; c++) {
            if (values[offset + c] > values[offset + best]) {
                best = c;
            }
        }
        return best;
    }

    /** Converts a label carried as a double into a class index, rejecting anything else. */
    static int classIndex(double label, int classes) {
        int index = (int) label;
        if (index != label || index < 0 || index >= classes) {
            throw new IllegalArgumentException(
                    "class label must be an integer in [0, " + classes + "), got " + label);
        }
        return index;
    }

    private static int checkedClass(int label, int classes) {
        if (label < 0 || label >= classes) {
            throw new IllegalArgumentException(
                    "class label must be in [0, " + classes + "), got " + label);
        }
        return label;
    }

    static Map<String, Double> result(double accuracy, double macroF1, double logloss) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(MetricKeys.ACCURACY, accuracy);
        metrics.put(MetricKeys.MACRO_F1, macroF1);
        metrics.put(MetricKeys.LOGLOSS, logloss);
        return metrics;
    }
}
