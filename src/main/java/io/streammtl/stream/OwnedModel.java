package io.streammtl.stream;

import io.streammtl.config.AutoSelection;
import io.streammtl.config.ModelConfig;
import io.streammtl.learn.BatchPredictions;
import io.streammtl.learn.Example;
import io.streammtl.learn.ExampleBatch;
import io.streammtl.learn.OnlineLearner;
import io.streammtl.learn.PrequentialScoring;
import io.streammtl.learn.ValueRejection;
import io.streammtl.learn.auto.AutoLearner;
import io.streammtl.learn.auto.SelectionEvent;
import io.streammtl.model.ModelBackend;
import io.streammtl.stream.join.JoinedExample;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * One model owned by the trainer: its learner and the events of its open batch. A batch closes when B events
 * carry labels, or when 2B events are pending in all (so predict-only traffic still flows). With champion and
 * challengers ({@code auto:}) it holds an {@link AutoLearner} instead: the champion predicts what goes out, every
 * variant learns every event in arrival order once the batch's predictions are out, and a batch closes on the
 * smallest variant batch size in events, so the champion (whose buffers hold its own batch) can predict it. A joined
 * example (delayed labels) reaches every variant as it reaches one learner: with its label's weight, and its inputs
 * not counted again where its event passed through here when it was served.
 */
final class OwnedModel {
    private final String model;
    /** The learner, or null with champion and challengers. */
    private final OnlineLearner learner;
    /** Champion and challengers, or null. */
    private final AutoLearner auto;
    /** The variants' names in declared order; empty for one learner. */
    private final List<String> variantNames;
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
    private long publishedAt;
    private boolean stateDirty;
    private boolean pendingDirty;
    private long trainedSinceCommit;
    private long metricsSavedAt = Long.MIN_VALUE / 2;
    private boolean servingStepped;
    private int unreportedEvents;

    /**
     * A model whose learner computes on a backend of {@code backends.apply(capacity)}, or, when {@code selection} is
     * not null, whose variants learn side by side (each on a backend of its own batch size).
     */
    OwnedModel(String model, ModelConfig config, AutoSelection selection, IntFunction<ModelBackend> backends) {
        this(model, config, selection, backends, true);
    }

    /**
     * As above; {@code joinedInputsSeen} false when this learner never saw the events of the joined examples it
     * learns (the learning stage of {@code kafka.stages: split}, fed only labeled events), so their inputs count.
     */
    OwnedModel(String model, ModelConfig config, AutoSelection selection, IntFunction<ModelBackend> backends,
               boolean joinedInputsSeen) {
        this.model = model;
        this.joinedInputsSeen = joinedInputsSeen;
        int capacity;
        if (selection == null) {
            this.batchSize = config.training().batchSize();
            capacity = 2 * batchSize;
            this.learner = new OnlineLearner(config, backends.apply(capacity));
            this.auto = null;
            this.variantNames = List.of();
        } else {
            capacity = selection.specs().stream().mapToInt(s -> s.training().batchSize()).min().orElseThrow();
            this.batchSize = capacity;
            this.learner = null;
            this.auto = new AutoLearner(selection.config(), selection.specs());
            this.variantNames = selection.config().variants().stream().map(v -> v.name()).toList();
        }
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

    /** The learner that serves: with champion and challengers, the champion of the moment. */
    OnlineLearner learner() {
        return auto == null ? learner : auto.champion();
    }

    /** Champion and challengers, or null for one learner. */
    AutoLearner auto() {
        return auto;
    }

    /** The learner's state as the store keeps it: its snapshot, or the champion/challenger state. */
    byte[] state() {
        return auto == null ? learner.snapshot() : auto.snapshot();
    }

    /**
     * Restores a {@link #state()}; on failure this model must be discarded.
     *
     * @throws IllegalArgumentException naming what does not fit
     */
    void restoreState(byte[] state) {
        if (auto == null) {
            learner.restore(state);
        } else {
            auto.restore(state);
        }
    }

    /**
     * Whether the prequential metrics are stored apart from the state: a single learner's are, on their own cadence;
     * the champion/challenger state holds every variant's.
     */
    boolean storesMetricsApart() {
        return auto == null;
    }

    /**
     * The open batch's predictions by the serving model as of its last step. A single learner learns the batch in
     * the same call (one forward pass serves both); champion and challengers learn it in {@link #learnOpenBatch()},
     * once these predictions are out, because the champion's steps reuse the buffer that holds them.
     */
    BatchPredictions predictOpenBatch() {
        ExampleBatch rows = batch();
        unreportedEvents += pending.size();
        if (auto == null) {
            servingStepped = true;
            return learner.predictThenLearn(rows);
        }
        return auto.champion().predict(rows);
    }

    /**
     * Gives the open batch's events to every variant in arrival order; returns the promotions, prunings and starts
     * this caused, in order (none for a single learner).
     */
    List<SelectionEvent> learnOpenBatch() {
        if (auto == null) {
            return List.of();
        }
        OnlineLearner before = auto.champion();
        long examples = before.counters().examples();
        List<SelectionEvent> events = new ArrayList<>();
        for (PendingRow row : pending) {
            Example example = row.event().example();
            JoinedExample joined = row.joined();
            events.addAll(joined == null ? auto.learn(example)
                    : auto.learn(example, (float) joined.weight(), joinedInputsSeen));
        }
        servingStepped = auto.champion() != before || before.counters().examples() != examples;
        return events;
    }

    /** Where champion and challengers stand, with a batch's {@code events}; call only with champion/challengers. */
    SelectionReport selectionReport(List<SelectionEvent> events) {
        return SelectionReport.of(auto, variantNames, events);
    }

    /**
     * True once after the serving learner stepped (a single learner on every batch; a champion whose own batch
     * closed, or a new champion), with the events closed since the last time: what a step report covers.
     */
    int takeServingStep() {
        if (!servingStepped) {
            return 0;
        }
        servingStepped = false;
        int events = unreportedEvents;
        unreportedEvents = 0;
        return events;
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
        ValueRejection rejection = learner().checkOutliers(example);
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

    /** Whether the open batch is to close: B labeled events, or full. */
    boolean batchReady() {
        return labeledPending >= batchSize || pending.size() >= batch.capacity();
    }

    /** The open batch's events as a learner batch, in arrival order. */
    ExampleBatch batch() {
        batch.clear();
        for (PendingRow row : pending) {
            Example example = row.event().example();
            int r = batch.add(example);
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
                batch.add(example);
                unemittedRows[rows++] = r;
                pending.set(r, row.markEmitted());
            }
        }
        unemitted = 0;
        pendingDirty = true;
        return learner().predict(batch);
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

    /** When the last snapshot published from this process was taken (epoch ms; 0 before any). */
    long publishedAt() {
        return publishedAt;
    }

    void published(long version, long takenAt) {
        publishedVersion = version;
        publishedAt = takenAt;
    }
}
