package io.streammtl.learn.metrics;

import java.nio.ByteBuffer;
import java.util.Map;

/**
 * Prequential accuracy, logloss and auc. Cumulative AUC is a histogram approximation (10,000 bins,
 * width 1e-4, over [0, 1]); windowed AUC is exact.
 */
final class BinaryPrequential implements PrequentialMetrics {

    private static final int TRUTH = 0;
    private static final int PROBABILITY = 1;
    private static final int SCALAR_BYTES = 3 * Long.BYTES + Double.BYTES;
    private static final int ROW_BYTES = 1 + Float.BYTES;

    private WindowBuffer window;
    private ScoreHistogram histogram = new ScoreHistogram();
    private long count;
    private long skipped;
    private long correct;
    private double lossSum;

    BinaryPrequential(int window) {
        this.window = new WindowBuffer(window, 2);
    }

    @Override
    public void record(double label, float[] outputs, int offset) {
        boolean positive = BinaryMetrics.isPositive(label);
        float raw = outputs[offset];
        if (!Float.isFinite(raw)) {
            skipped++;
            return;
        }
        double p = raw;
        if (BinaryMetrics.predictsPositive(p) == positive) {
            correct++;
        }
        lossSum += LogLoss.binary(positive, p);
        histogram.add(p, positive);
        count++;

        int row = window.claim();
        window.set(row, TRUTH, positive ? 1.0 : 0.0);
        window.set(row, PROBABILITY, p);
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
            return BinaryMetrics.result(Double.NaN, Double.NaN, Double.NaN);
        }
        return BinaryMetrics.result((double) correct / count, lossSum / count, histogram.auc());
    }

    @Override
    public Map<String, Double> windowed() {
        return BinaryMetrics.of(window.column(TRUTH), window.column(PROBABILITY), window.size());
    }

    @Override
    public int stateBytes() {
        return MetricsStateCodec.HEADER_BYTES + SCALAR_BYTES + Integer.BYTES
                + window.size() * ROW_BYTES + histogram.stateBytes();
    }

    @Override
    public void write(ByteBuffer out) {
        MetricsStateCodec.writeHeader(out, MetricsStateCodec.BINARY, 2, window.capacity());
        out.putLong(count).putLong(skipped).putLong(correct).putDouble(lossSum);
        out.putInt(window.size());
        for (int i = 0; i < window.size(); i++) {
            out.put((byte) window.get(i, TRUTH));
            // Probabilities arrive as floats, so narrowing them back is lossless.
            out.putFloat((float) window.get(i, PROBABILITY));
        }
        histogram.write(out);
    }

    @Override
    public void read(ByteBuffer in) {
        MetricsStateCodec.decode(() -> {
            int capacity = window.capacity();
            MetricsStateCodec.readHeader(in, MetricsStateCodec.BINARY, 2, capacity);
            long storedCount = MetricsStateCodec.readCount(in, "count");
            long storedSkipped = MetricsStateCodec.readCount(in, "skipped count");
            long storedCorrect = MetricsStateCodec.readCount(in, "correct count");
            double storedLossSum = in.getDouble();
            if (storedCorrect > storedCount) {
                throw new IllegalArgumentException("metrics state has " + storedCorrect
                        + " correct of " + storedCount + " records");
            }
            int rows = in.getInt();
            MetricsStateCodec.requireRows(rows, storedCount, capacity);
            WindowBuffer storedWindow = new WindowBuffer(capacity, 2);
            for (int i = 0; i < rows; i++) {
                byte truth = in.get();
                if (truth != 0 && truth != 1) {
                    throw new IllegalArgumentException(
                            "metrics state has binary label " + truth + " in its window");
                }
                int row = storedWindow.claim();
                storedWindow.set(row, TRUTH, truth);
                storedWindow.set(row, PROBABILITY,
                        MetricsStateCodec.requireFinite(in.getFloat(), "probability"));
            }
            ScoreHistogram storedHistogram = ScoreHistogram.read(in);
            if (storedHistogram.count() != storedCount) {
                throw new IllegalArgumentException("metrics state has " + storedHistogram.count()
                        + " scores in its histogram for " + storedCount + " records");
            }
            count = storedCount;
            skipped = storedSkipped;
            correct = storedCorrect;
            lossSum = storedLossSum;
            window = storedWindow;
            histogram = storedHistogram;
        });
    }
}
