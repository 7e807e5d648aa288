package io.streammtl.learn.metrics;

import java.nio.ByteBuffer;
import java.util.Map;

/** Prequential accuracy, macro_f1 and logloss from a running confusion matrix and loss sum. */
final class MulticlassPrequential implements PrequentialMetrics {

    private static final int TRUTH = 0;
    private static final int FIRST_PROBABILITY = 1;
    private static final int SCALAR_BYTES = 3 * Long.BYTES + Double.BYTES;

    private final int classes;
    private WindowBuffer window;
    private long[][] confusion;
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

    @Override
    public int stateBytes() {
        int bytes = MetricsStateCodec.HEADER_BYTES + SCALAR_BYTES + Integer.BYTES;
        for (long[] row : confusion) {
            for (long cell : row) {
                bytes += MetricsStateCodec.varLongBytes(cell);
            }
        }
        for (int i = 0; i < window.size(); i++) {
            bytes += MetricsStateCodec.varLongBytes((long) window.get(i, TRUTH))
                    + classes * Float.BYTES;
        }
        return bytes;
    }

    /** The confusion matrix and the window's labels are varints: mostly small numbers. */
    @Override
    public void write(ByteBuffer out) {
        MetricsStateCodec.writeHeader(
                out, MetricsStateCodec.MULTICLASS, classes, window.capacity());
        out.putLong(count).putLong(skipped).putLong(correct).putDouble(lossSum);
        for (long[] row : confusion) {
            for (long cell : row) {
                MetricsStateCodec.putVarLong(out, cell);
            }
        }
        out.putInt(window.size());
        for (int i = 0; i < window.size(); i++) {
            MetricsStateCodec.putVarLong(out, (long) window.get(i, TRUTH));
            for (int c = 0; c < classes; c++) {
                // Probabilities arrive as floats, so narrowing them back is lossless.
                out.putFloat((float) window.get(i, FIRST_PROBABILITY + c));
            }
        }
    }

    @Override
    public void read(ByteBuffer in) {
        MetricsStateCodec.decode(() -> {
            int capacity = window.capacity();
            MetricsStateCodec.readHeader(in, MetricsStateCodec.MULTICLASS, classes, capacity);
            long storedCount = MetricsStateCodec.readCount(in, "count");
            long storedSkipped = MetricsStateCodec.readCount(in, "skipped count");
            long storedCorrect = MetricsStateCodec.readCount(in, "correct count");
            double storedLossSum = in.getDouble();
            long[][] storedConfusion = new long[classes][classes];
            long total = 0;
            long diagonal = 0;
            for (int actual = 0; actual < classes; actual++) {
                for (int predicted = 0; predicted < classes; predicted++) {
                    long cell = MetricsStateCodec.getVarLong(in);
                    storedConfusion[actual][predicted] = cell;
                    total = Math.addExact(total, cell);
                    if (actual == predicted) {
                        diagonal += cell;
                    }
                }
            }
            if (total != storedCount || diagonal != storedCorrect) {
                throw new IllegalArgumentException("metrics state's confusion matrix holds " + total
                        + " records, " + diagonal + " correct; its counts say " + storedCount
                        + " and " + storedCorrect);
            }
            int rows = in.getInt();
            MetricsStateCodec.requireRows(rows, storedCount, capacity);
            WindowBuffer storedWindow = new WindowBuffer(capacity, 1 + classes);
            for (int i = 0; i < rows; i++) {
                int row = storedWindow.claim();
                storedWindow.set(row, TRUTH, MetricsStateCodec.getVarIndex(in, classes, "class"));
                for (int c = 0; c < classes; c++) {
                    storedWindow.set(row, FIRST_PROBABILITY + c,
                            MetricsStateCodec.requireFinite(in.getFloat(), "probability"));
                }
            }
            count = storedCount;
            skipped = storedSkipped;
            correct = storedCorrect;
            lossSum = storedLossSum;
            confusion = storedConfusion;
            window = storedWindow;
        });
    }
}
