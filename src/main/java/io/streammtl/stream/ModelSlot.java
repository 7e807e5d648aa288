package io.streammtl.stream;

import io.streammtl.config.ModelConfig;
import io.streammtl.learn.Example;
import io.streammtl.learn.ExampleBatch;
import io.streammtl.learn.OnlineLearner;
import io.streammtl.learn.ValueRejection;
import io.streammtl.model.train.Backends;

import java.util.ArrayList;
import java.util.List;

/**
 * One model owned by the trainer: its learner and the events of its open batch. A batch closes when B events
 * carry labels, or when 2B events are pending in all (so predict-only traffic still flows).
 */
final class ModelSlot {
    private final String model;
    private final OnlineLearner learner;
    private final ExampleBatch batch;
    private final int batchSize;
    private final List<PendingRow> pending = new ArrayList<>();
    private int labeledPending;
    private long batches;
    private long publishedVersion = -1;
    private boolean stateDirty;
    private boolean pendingDirty;
    private long trainedSinceCommit;
    private long metricsSavedAt = Long.MIN_VALUE / 2;

    ModelSlot(String model, ModelConfig config) {
        this.model = model;
        this.batchSize = config.training().batchSize();
        int capacity = 2 * batchSize;
        this.learner = new OnlineLearner(config, Backends.select(config, capacity));
        this.batch = new ExampleBatch(capacity, config.inputWidth(), config.tasks().size());
    }

    String model() {
        return model;
    }

    /** Counts events of a closed batch until the next commit takes them. */
    void trained(int events) {
        trainedSinceCommit += events;
    }

    long takeTrainedSinceCommit() {
        long taken = trainedSinceCommit;
        trainedSinceCommit = 0;
        return taken;
    }

    long metricsSavedAt() {
        return metricsSavedAt;
    }

    void metricsSaved(long at) {
        metricsSavedAt = at;
    }

    OnlineLearner learner() {
        return learner;
    }

    List<PendingRow> pending() {
        return pending;
    }

    /** Number of batches closed so far; the open batch carries this number. */
    long batches() {
        return batches;
    }

    void restoreBatches(long closed) {
        this.batches = closed;
    }

    /**
     * The event's value far outside this model's running statistics as of its last step, as the dead letter it
     * becomes, or null: checked before the event joins the open batch, so a replay rejects the same events.
     */
    InvalidEventException outlier(Example example) {
        ValueRejection rejection = learner.checkOutliers(example);
        return rejection == null ? null : EventValidator.deadLetter(rejection);
    }

    /** Adds an event to the open batch; returns its slot index. */
    int add(PendingRow row) {
        pending.add(row);
        pendingDirty = true;
        if (row.event().example().hasAnyLabel()) {
            labeledPending++;
        }
        return pending.size() - 1;
    }

    boolean batchReady() {
        return labeledPending >= batchSize || pending.size() >= batch.capacity();
    }

    /** The open batch's events as a learner batch, in arrival order. */
    ExampleBatch batch() {
        batch.clear();
        for (PendingRow row : pending) {
            Example example = row.event().example();
            int r = batch.add(example.inputs(), example.group());
            for (int t = 0; t < example.labels().length; t++) {
                if (example.labeled()[t]) {
                    batch.label(r, t, example.labels()[t]);
                }
            }
        }
        return batch;
    }

    /** Closes the open batch after its step. */
    void closeBatch() {
        pending.clear();
        labeledPending = 0;
        batches++;
        stateDirty = true;
    }

    void markEmitted(int index) {
        pending.set(index, pending.get(index).markEmitted());
        pendingDirty = true;
    }

    /** True once after the learner changed (a batch closed) since the last call. */
    boolean takeStateChange() {
        boolean changed = stateDirty;
        stateDirty = false;
        return changed;
    }

    /** True once after the open batch changed (an event added, a prediction flushed) since the last call. */
    boolean takePendingChange() {
        boolean changed = pendingDirty;
        pendingDirty = false;
        return changed;
    }

    /** Version of the last snapshot published from this process (not persisted: time-based snapshots only). */
    long publishedVersion() {
        return publishedVersion;
    }

    void published(long version) {
        publishedVersion = version;
    }
}
