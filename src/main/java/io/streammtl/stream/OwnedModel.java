package io.streammtl.stream;

import io.streammtl.config.ModelConfig;
import io.streammtl.learn.BatchPredictions;
import io.streammtl.learn.Example;
import io.streammtl.learn.ExampleBatch;
import io.streammtl.learn.OnlineLearner;
import io.streammtl.learn.PrequentialScoring;
import io.streammtl.learn.ValueRejection;
import io.streammtl.model.ModelBackend;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * One model owned by the trainer: its learner and the events of its open batch. A batch closes when B events
 * carry labels, or when 2B events are pending in all (so predict-only traffic still flows).
 */
final class OwnedModel {
    private final String model;
    private final OnlineLearner learner;
    private final StepReporter reporter;
    private final PrequentialScoring served;
    private final ExampleBatch batch;
    private final int batchSize;
    /** Whether a joined example's inputs were learned into the statistics when its event was (single stage). */
    private final boolean joinedInputsSeen;
    private final List<PendingRow> pending = new ArrayList<>();
    /** Indices into {@link #pending} of the rows an early prediction covers, in order. */
    private final int[] unemittedRows;
    private int unemitted;
    private int labeledPending;
    private long batches;
    private long publishedVersion = -1;
    private boolean stateDirty;
    private boolean pendingDirty;
    private long trainedSinceCommit;
    private long metricsSavedAt = Long.MIN_VALUE / 2;

    /** A model whose learner computes on a backend of {@code backends.apply(capacity)}. */
    OwnedModel(String model, ModelConfig config, IntFunction<ModelBackend> backends) {
        this(model, config, backends, true);
    }

    /**
     * As above; {@code joinedInputsSeen} false when this learner never saw the events of the joined examples it
     * learns (the learning stage of {@code kafka.stages: split}, fed only labeled events), so their inputs count.
     */
    OwnedModel(String model, ModelConfig config, IntFunction<ModelBackend> backends, boolean joinedInputsSeen) {
        this.model = model;
        this.joinedInputsSeen = joinedInputsSeen;
        this.batchSize = config.training().batchSize();
        int capacity = 2 * batchSize;
        this.learner = new OnlineLearner(config, backends.apply(capacity));
        this.served = new PrequentialScoring(config);
        this.reporter = new StepReporter(config, config.tasks().stream().anyMatch(t -> t.delayed()) ? served : null);
        this.batch = new ExampleBatch(capacity, config.inputWidth(), config.tasks().size());
        this.unemittedRows = new int[capacity];
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

    /** The windowed quality of the predictions this model served, scored when their labels came later. */
    PrequentialScoring served() {
        return served;
    }

    /** What the listeners hear about this model's learner. */
    StepReporter reporter() {
        return reporter;
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

    /** Adds an event to the open batch; returns its index in the batch. */
    int add(PendingRow row) {
        pending.add(row);
        pendingDirty = true;
        if (!row.emitted()) {
            unemitted++;
        }
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
            int r = batch.add(example.inputs(), example.featureSet());
            if (row.joined() != null) {
                if (joinedInputsSeen) {
                    batch.markInputsSeen(r);
                }
                if (row.joined().weight() != 1.0) {
                    batch.weight(r, (float) row.joined().weight());
                }
            }
            for (int t = 0; t < example.labels().length; t++) {
                if (example.labeled()[t]) {
                    batch.label(r, t, example.labels()[t]);
                }
            }
        }
        return batch;
    }

    /** Whether some event of the open batch has had no prediction yet. */
    boolean hasUnemitted() {
        return unemitted > 0;
    }

    /**
     * Predicts, with the model as of the last step, only the open batch's events whose prediction has not gone out,
     * and marks them emitted; row {@code i} of the result is the event at {@code unemittedRow(i)}. Labels are left
     * out: predicting reads only inputs.
     */
    BatchPredictions predictUnemitted() {
        batch.clear();
        int rows = 0;
        for (int r = 0; r < pending.size(); r++) {
            PendingRow row = pending.get(r);
            if (!row.emitted()) {
                Example example = row.event().example();
                batch.add(example.inputs(), example.featureSet());
                unemittedRows[rows++] = r;
                pending.set(r, row.markEmitted());
            }
        }
        unemitted = 0;
        pendingDirty = true;
        return learner.predict(batch);
    }

    /** The open-batch row of row {@code i} of the last {@link #predictUnemitted()}. */
    PendingRow unemittedRow(int i) {
        return pending.get(unemittedRows[i]);
    }

    /** Closes the open batch after its step. */
    void closeBatch() {
        pending.clear();
        labeledPending = 0;
        unemitted = 0;
        batches++;
        stateDirty = true;
    }

    /** Makes the next commit store the learner even before a batch closes (a model started afresh). */
    void markStateChanged() {
        stateDirty = true;
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
