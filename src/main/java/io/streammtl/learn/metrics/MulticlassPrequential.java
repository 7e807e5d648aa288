package io.streammtl.learn.metrics;

import java.util.Map;

/** Prequential accuracy, macro_f1 and logloss from a running confusion matrix and loss sum. */
final class MulticlassPrequential implements PrequentialMetrics {

    private static final int TRUTH = 0;
    private static final int FIRST_PROBABILITY = 1;

    private final int classes;
    private final WindowBuffer window;
    private final long[][] confusion;
    private long count;
    private long skipped;
    private long correct;
    private double lossSum;

    MulticlassPrequential(int classes, int window) {
        Arguments.requireClasses(classes);
        this.classes = classes;
        this.window = new WindowBuffer(window, 1 + classes);
        this.confusion = new long[classes][classes];
    }

    @Override
    public void record(double label, float[] outputs, int offset) {
        int actual = MulticlassMetrics.classIndex(label, classes);
        for (int c = 0; c < classes; c++) {
            if (!Float.isFinite(outputs[offset + c])) {
                skipped++;
                return;
            }
        }
        int predicted = MulticlassMetrics.argmax(outputs, offset, classes);
        confusion[actual][predicted]++;
        if (actual == predicted) {
            correct++;
        }
        lossSum += LogLoss.trueClass(outputs[offset + actual]);
        count++;

        int row = window.claim();
        window.set(row, TRUTH, actual);
        for (int c = 0; c < classes; c++) {
            window.set(row, FIRST_PROBABILITY + c, outputs[offset + c]);
        }
    }

    @Override
    public long count() {
        return count;
    }

    @Override
    public long skipped() {
        return skipped;
    }

    @Override
    public Map<String, Double> cumulative() {
        if (count == 0) {
            return MulticlassMetrics.result(Double.NaN, Double.NaN, Double.NaN);
        }
        return MulticlassMetrics.result(
                (double) correct / count, MacroF1.of(confusion), lossSum / count);
    }

    @Override
    public Map<String, Double> windowed() {
        double[] labels = window.column(TRUTH);
        int[] truth = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            truth[i] = (int) labels[i];
        }
        double[][] probabilities = window.rows(FIRST_PROBABILITY, classes);
        return MulticlassMetrics.of(truth, probabilities, truth.length, classes);
    }
}
