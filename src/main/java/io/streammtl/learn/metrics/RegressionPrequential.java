package io.streammtl.learn.metrics;

import java.nio.ByteBuffer;
import java.util.Map;

/** Prequential mse, mae and r2 from running sums, with Welford's update for the truth variance. */
final class RegressionPrequential implements PrequentialMetrics {

    private static final int TRUTH = 0;
    private static final int PREDICTED = 1;
    private static final int SCALAR_BYTES = 2 * Long.BYTES + 4 * Double.BYTES;
    private static final int ROW_BYTES = Double.BYTES + Float.BYTES;

    private WindowBuffer window;
    private long count;
    private long skipped;
    private double squaredErrors;
    private double absoluteErrors;
    private double truthMean;
    private double truthSquares;

    RegressionPrequential(int window) {
        this.window = new WindowBuffer(window, 2);
    }

    @Override
    public void record(double label, float[] outputs, int offset) {
        if (!Double.isFinite(label)) {
            throw new IllegalArgumentException("regression label must be finite, got " + label);
        }
        float raw = outputs[offset];
        if (!Float.isFinite(raw)) {
            skipped++;
            return;
        }
        double predicted = raw;
        double error = predicted - label;
        squaredErrors += error * error;
        absoluteErrors += Math.abs(error);
        count++;
        double delta = label - truthMean;
        truthMean += delta / count;
        truthSquares += delta * (label - truthMean);

        int row = window.claim();
        window.set(row, TRUTH, label);
        window.set(row, PREDICTED, predicted);
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
            return RegressionMetrics.result(Double.NaN, Double.NaN, Double.NaN);
        }
        return RegressionMetrics.result(
                squaredErrors / count,
                absoluteErrors / count,
                RegressionMetrics.r2(squaredErrors, truthSquares));
    }

    @Override
    public Map<String, Double> windowed() {
        return RegressionMetrics.of(window.column(TRUTH), window.column(PREDICTED), window.size());
    }

    @Override
    public int stateBytes() {
        return MetricsStateCodec.HEADER_BYTES + SCALAR_BYTES + Integer.BYTES
                + window.size() * ROW_BYTES;
    }

    @Override
    public void write(ByteBuffer out) {
        MetricsStateCodec.writeHeader(out, MetricsStateCodec.REGRESSION, 0, window.capacity());
        out.putLong(count).putLong(skipped);
        out.putDouble(squaredErrors).putDouble(absoluteErrors);
        out.putDouble(truthMean).putDouble(truthSquares);
        out.putInt(window.size());
        for (int i = 0; i < window.size(); i++) {
            out.putDouble(window.get(i, TRUTH));
            // Predictions arrive as floats, so narrowing them back is lossless.
            out.putFloat((float) window.get(i, PREDICTED));
        }
    }

    @Override
    public void read(ByteBuffer in) {
        MetricsStateCodec.decode(() -> {
            int capacity = window.capacity();
            MetricsStateCodec.readHeader(in, MetricsStateCodec.REGRESSION, 0, capacity);
            long storedCount = MetricsStateCodec.readCount(in, "count");
            long storedSkipped = MetricsStateCodec.readCount(in, "skipped count");
            double storedSquaredErrors = in.getDouble();
            double storedAbsoluteErrors = in.getDouble();
            double storedTruthMean = in.getDouble();
            double storedTruthSquares = in.getDouble();
            int rows = in.getInt();
            MetricsStateCodec.requireRows(rows, storedCount, capacity);
            WindowBuffer storedWindow = new WindowBuffer(capacity, 2);
            for (int i = 0; i < rows; i++) {
                int row = storedWindow.claim();
                storedWindow.set(row, TRUTH,
                        MetricsStateCodec.requireFinite(in.getDouble(), "label"));
                storedWindow.set(row, PREDICTED,
                        MetricsStateCodec.requireFinite(in.getFloat(), "prediction"));
            }
            count = storedCount;
            skipped = storedSkipped;
            squaredErrors = storedSquaredErrors;
            absoluteErrors = storedAbsoluteErrors;
            truthMean = storedTruthMean;
            truthSquares = storedTruthSquares;
            window = storedWindow;
        });
    }
}
