package io.streammtl.learn;

import io.streammtl.config.ModelConfig;
import io.streammtl.config.TaskConfig;
import io.streammtl.learn.metrics.PrequentialMetrics;
import io.streammtl.learn.state.StateReader;
import io.streammtl.learn.state.StateWriter;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Prequential (test-then-train) scoring, Dawid 1984: each labeled prediction is recorded in its task's metrics
 * before the model learns from the label; the metrics' state is kept apart from the learner's snapshot. The same
 * scoring serves predictions that went out earlier and meet their labels later (served quality).
 */
public final class PrequentialScoring {
    private static final int MAGIC = 0x534D5451; // "SMTQ"
    private static final int VERSION = 1;

    private final List<TaskConfig> tasks;
    private final List<PrequentialMetrics> metrics = new ArrayList<>();

    public PrequentialScoring(ModelConfig config) {
        this.tasks = config.tasks();
        int window = config.metrics().window();
        for (TaskConfig task : tasks) {
            metrics.add(TaskType.of(task).prequential(window));
        }
    }

    /** Records the predictions of the batch's labeled rows, per task {@code outputs()} values per row. */
    void record(ExampleBatch batch, int rows, float[][] predictions) {
        for (int t = 0; t < metrics.size(); t++) {
            int width = tasks.get(t).outputs();
            PrequentialMetrics m = metrics.get(t);
            for (int r = 0; r < rows; r++) {
                if (batch.isLabeled(t, r)) {
                    m.record(batch.labelValue(t, r), predictions[t], r * width);
                }
            }
        }
    }

    /**
     * Records one prediction of task {@code t} against its label (encoded as the learner takes it): the task's
     * {@code outputs()} values from {@code outputs[offset]} (a regression value in label units, a binary P(1), or
     * class probabilities).
     */
    public void record(int t, float label, float[] outputs, int offset) {
        metrics.get(t).record(label, outputs, offset);
    }

    public PrequentialMetrics metrics(int t) {
        return metrics.get(t);
    }

    /** The windows of every task, in an explicit format; see {@link OnlineLearner#metricsState()}. */
    public byte[] state() {
        StateWriter out = new StateWriter().putInt(MAGIC).putInt(VERSION).putInt(tasks.size());
        for (int t = 0; t < tasks.size(); t++) {
            PrequentialMetrics m = metrics.get(t);
            out.putString(tasks.get(t).name());
            out.putInt(m.stateBytes()).put(m.stateBytes(), m::write);
        }
        return out.toByteArray();
    }

    /** Restores {@link #state()}; on a mismatch leaves the metrics as they were. See {@link OnlineLearner#restoreMetrics(byte[])}. */
    public void restore(byte[] state) {
        ByteBuffer[] parts = parts(state);
        byte[] previous = state();
        for (int t = 0; t < parts.length; t++) {
            try {
                metrics.get(t).read(parts[t]);
                if (parts[t].hasRemaining()) {
                    throw new IllegalArgumentException(parts[t].remaining() + " bytes left over");
                }
            } catch (IllegalArgumentException e) {
                restore(previous);
                throw new IllegalArgumentException("cannot restore metrics of task '" + tasks.get(t).name()
                        + "': " + e.getMessage(), e);
            }
        }
    }

    /** Checks a metrics state's envelope against this model's tasks and cuts it into one buffer per task. */
    private ByteBuffer[] parts(byte[] state) {
        StateReader in = new StateReader(state);
        try {
            if (in.remaining() < 8 || in.getInt() != MAGIC) {
                throw new IOException("not a streammtl metrics state");
            }
            int version = in.getInt();
            if (version != VERSION) {
                throw new IOException("metrics state format " + version + " is not supported (expected "
                        + VERSION + ")");
            }
            int count = in.getInt();
            if (count != tasks.size()) {
                throw new IOException("the state has " + count + " tasks, this model has " + tasks.size());
            }
            ByteBuffer[] parts = new ByteBuffer[count];
            for (int t = 0; t < count; t++) {
                String name = in.getString();
                if (!name.equals(tasks.get(t).name())) {
                    throw new IOException("task " + t + " of the state is '" + name + "', this model's is '"
                            + tasks.get(t).name() + "'");
                }
                parts[t] = ByteBuffer.wrap(in.getBytes()).order(ByteOrder.LITTLE_ENDIAN);
            }
            if (in.hasRemaining()) {
                throw new IOException(in.remaining() + " bytes left over after the last task");
            }
            return parts;
        } catch (IOException | BufferUnderflowException e) {
            throw new IllegalArgumentException("cannot restore metrics: " + (e.getMessage() == null
                    ? "the state is truncated" : e.getMessage()), e);
        }
    }
}
