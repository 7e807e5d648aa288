package io.streammtl.stream;

import io.streammtl.model.HeadControl;
import io.streammtl.model.ModelBackend;
import io.streammtl.model.StepOutcome;

import java.io.IOException;
import java.nio.ByteBuffer;

/** A backend that delegates everything and counts the rows it was asked to predict without training. */
final class RowCountingBackend implements ModelBackend, HeadControl {
    @Override
    public HeadControl heads() {
        return this;
    }

    private final ModelBackend delegate;
    private long predictedRows;

    RowCountingBackend(ModelBackend delegate) {
        this.delegate = delegate;
    }

    /** Rows passed to {@link #predict} so far (a training step's own forward pass is not counted). */
    long predictedRows() {
        return predictedRows;
    }

    @Override
    public int inputs() {
        return delegate.inputs();
    }

    @Override
    public int capacity() {
        return delegate.capacity();
    }

    @Override
    public void predict(float[] x, int rows, float[][] outputs) {
        predictedRows += rows;
        delegate.predict(x, rows, outputs);
    }

    @Override
    public StepOutcome train(float[] x, int rows, float[][] labels, boolean[][] labeled, float[][] outputs) {
        return delegate.train(x, rows, labels, labeled, outputs);
    }

    @Override
    public int stateBytes() {
        return delegate.stateBytes();
    }

    @Override
    public void writeState(ByteBuffer out) {
        delegate.writeState(out);
    }

    @Override
    public void readState(ByteBuffer in) throws IOException {
        delegate.readState(in);
    }

    @Override
    public void readState(ByteBuffer in, io.streammtl.model.StateMapping mapping) throws IOException {
        delegate.readState(in, mapping);
    }

    @Override
    public void setHeadLearningRateScale(int t, double scale) {
        delegate.heads().setHeadLearningRateScale(t, scale);
    }

    @Override
    public void resetHead(int t, long seed) {
        delegate.heads().resetHead(t, seed);
    }

    @Override
    public void startBackgroundHead(int t, long seed) {
        delegate.heads().startBackgroundHead(t, seed);
    }

    @Override
    public boolean hasBackgroundHead(int t) {
        return delegate.heads().hasBackgroundHead(t);
    }

    @Override
    public void promoteBackgroundHead(int t) {
        delegate.heads().promoteBackgroundHead(t);
    }

    @Override
    public void dropBackgroundHead(int t) {
        delegate.heads().dropBackgroundHead(t);
    }

    @Override
    public double[] taskWeights() {
        return delegate.taskWeights();
    }

    @Override
    public void setFeatureSets(int[] groups, int rows) {
        delegate.setFeatureSets(groups, rows);
    }

    @Override
    public void setTargetScale(int t, double mean, double std) {
        delegate.setTargetScale(t, mean, std);
    }

    @Override
    public long parameterCount() {
        return delegate.parameterCount();
    }

    @Override
    public String description() {
        return delegate.description();
    }
}
