package io.streammtl.learn;

import io.streammtl.config.LabelSource;
import io.streammtl.config.TaskConfig;
import io.streammtl.learn.metrics.BinaryMetrics;
import io.streammtl.learn.metrics.MulticlassMetrics;
import io.streammtl.learn.metrics.PrequentialMetrics;
import io.streammtl.learn.metrics.RegressionMetrics;
import io.streammtl.model.Probability;

import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * What the learner does differently for each kind of task, in one place per kind (as Tribuo's output types and
 * River's estimator bases do): the link from raw outputs to predictions, the prequential loss its drift detector
 * watches, its metric families and how a table cell holds its label; {@link #of} is the only switch on the kind.
 */
public sealed interface TaskType permits TaskType.Regression, TaskType.Binary, TaskType.Multiclass {

    /** The type of {@code task}'s kind. */
    static TaskType of(TaskConfig task) {
        return switch (task.kind()) {
            case REGRESSION -> new Regression();
            case BINARY -> new Binary();
            case MULTICLASS -> new Multiclass(task.outputs());
        };
    }

    /** Maps the first {@code rows} rows of raw outputs, in place, to what is predicted (label units already). */
    void link(float[] outputs, int rows);

    /**
     * The loss of row {@code row} that the drift detector watches: the squared error in standard deviations of the
     * target ({@code targetScale}) for regression, the 0/1 error for classification.
     */
    double driftLoss(BatchPredictions predictions, int t, int row, float label, double targetScale);

    /** Windowed and cumulative prequential metrics of this kind over {@code window} examples. */
    PrequentialMetrics prequential(int window);

    /**
     * Test-set metrics of {@code n} labeled rows: {@code truth} and {@code predicted} per row, and for classes the
     * class indices and the per-class probabilities.
     */
    Map<String, Double> testMetrics(double[] truth, double[] predicted, int[] classes, double[][] probabilities, int n);

    /** The windowed metric drawn over time. */
    String curveMetric();

    /**
     * The encoded label in a table cell ({@code text}, not empty) as {@code task}'s label source reads it; an unusable
     * one is an IllegalArgumentException saying why (the reader adds where).
     */
    float tableLabel(String text, TaskConfig task);

    /** A label drawn at random (a standard normal value, a fair coin, a uniform class), for synthetic batches. */
    float randomLabel(RandomGenerator random);

    /** A number: the identity link, squared standardised error, MSE over time. */
    record Regression() implements TaskType {
        @Override
        public void link(float[] outputs, int rows) {
        }

        @Override
        public double driftLoss(BatchPredictions predictions, int t, int row, float label, double targetScale) {
            double error = (predictions.outputs(t)[row] - label) / targetScale;
            return error * error;
        }

        @Override
        public PrequentialMetrics prequential(int window) {
            return PrequentialMetrics.regression(window);
        }

        @Override
        public Map<String, Double> testMetrics(double[] truth, double[] predicted, int[] classes,
                                               double[][] probabilities, int n) {
            return RegressionMetrics.of(truth, predicted, n);
        }

        @Override
        public String curveMetric() {
            return "mse";
        }

        @Override
        public float tableLabel(String text, TaskConfig task) {
            return (float) TableNumbers.finite(text);
        }

        @Override
        public float randomLabel(RandomGenerator random) {
            return (float) random.nextGaussian();
        }
    }

    /** Yes or no: the logistic link to P(1), the 0/1 error at 0.5, accuracy over time. */
    record Binary() implements TaskType {
        @Override
        public void link(float[] outputs, int rows) {
            for (int r = 0; r < rows; r++) {
                outputs[r] = (float) Probability.sigmoid(outputs[r]);
            }
        }

        @Override
        public double driftLoss(BatchPredictions predictions, int t, int row, float label, double targetScale) {
            return (predictions.outputs(t)[row] >= 0.5f ? 1 : 0) == (int) label ? 0.0 : 1.0;
        }

        /** A number, 0 or 1, or any number cut at the label source's threshold, or any value against its positives. */
        @Override
        public float tableLabel(String text, TaskConfig task) {
            if (task.label() instanceof LabelSource.Positive positive) {
                return CellValues.isOneOf(text, positive.values()) ? 1f : 0f;
            }
            double value = TableNumbers.finite(text);
            if (task.label() instanceof LabelSource.Threshold threshold) {
                return value >= threshold.threshold() ? 1f : 0f;
            }
            if (value != 0 && value != 1) {
                throw new IllegalArgumentException("'" + text + "' is not 0 or 1");
            }
            return (float) value;
        }

        @Override
        public float randomLabel(RandomGenerator random) {
            return random.nextInt(2);
        }

        @Override
        public PrequentialMetrics prequential(int window) {
            return PrequentialMetrics.binary(window);
        }

        @Override
        public Map<String, Double> testMetrics(double[] truth, double[] predicted, int[] classes,
                                               double[][] probabilities, int n) {
            return BinaryMetrics.of(truth, predicted, n);
        }

        @Override
        public String curveMetric() {
            return "accuracy";
        }
    }

    /** One of {@code classes} named classes: the softmax link, the 0/1 error of the arg max, accuracy over time. */
    record Multiclass(int classes) implements TaskType {
        @Override
        public void link(float[] outputs, int rows) {
            for (int r = 0; r < rows; r++) {
                Probability.softmax(outputs, r * classes, classes, outputs);
            }
        }

        @Override
        public double driftLoss(BatchPredictions predictions, int t, int row, float label, double targetScale) {
            return predictions.predictedClassOf(t, row) == (int) label ? 0.0 : 1.0;
        }

        /** A class name, or a value the label source maps to one; encoded as the class's index. */
        @Override
        public float tableLabel(String text, TaskConfig task) {
            String className = text;
            if (task.label() instanceof LabelSource.ValueMap map) {
                className = mapped(map.classByValue(), text);
                if (className == null) {
                    throw new IllegalArgumentException("value '" + text + "' is not in the label map (keys: "
                            + String.join(", ", map.classByValue().keySet()) + ")");
                }
            }
            int index = task.classes().indexOf(className);
            if (index < 0) {
                throw new IllegalArgumentException("'" + className + "' is not one of "
                        + String.join(", ", task.classes()));
            }
            return index;
        }

        @Override
        public float randomLabel(RandomGenerator random) {
            return random.nextInt(classes);
        }

        private static String mapped(Map<String, String> classByValue, String text) {
            String key = CellValues.find(text, classByValue.keySet());
            return key == null ? null : classByValue.get(key);
        }

        @Override
        public PrequentialMetrics prequential(int window) {
            return PrequentialMetrics.multiclass(classes, window);
        }

        @Override
        public Map<String, Double> testMetrics(double[] truth, double[] predicted, int[] classes,
                                               double[][] probabilities, int n) {
            return MulticlassMetrics.of(classes, probabilities, n, this.classes);
        }

        @Override
        public String curveMetric() {
            return "accuracy";
        }
    }
}
