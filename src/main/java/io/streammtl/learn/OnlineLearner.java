package io.streammtl.learn;

import io.streammtl.config.ModelConfig;
import io.streammtl.config.TaskConfig;
import io.streammtl.learn.drift.DriftLevel;
import io.streammtl.learn.metrics.PrequentialMetrics;
import io.streammtl.model.train.Backends;
import io.streammtl.model.ModelBackend;
import io.streammtl.model.StepOutcome;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The online multi-task learner: standardises inputs and targets with running statistics, predicts every
 * example of a batch with the current model, scores those predictions (test-then-train, or prequential
 * evaluation, Dawid 1984), then takes one optimiser step on the batch's labels.
 */
public final class OnlineLearner {
    private final ModelConfig config;
    private final ModelBackend backend;
    private final int inputs;
    private final Preprocessing preprocessing;
    private final BatchPredictions predictions;
    private final PrequentialScoring scoring;
    private final StepCounters counters = new StepCounters();
    private final DriftMonitor drift;
    private final DriftResponder responder;
    private final SnapshotCodec snapshots;
    private final TaskType[] types;
    private final MemberLosses[] memberLosses;
    private StepOutcome lastOutcome;
    private List<DriftSignal> lastSignals = List.of();
    private List<ChallengeEvent> lastChallengeEvents = List.of();

    public OnlineLearner(ModelConfig config) {
        this(config, Backends.select(config));
    }

    /** A learner over a given backend (its capacity bounds the batch size). */
    public OnlineLearner(ModelConfig config, ModelBackend backend) {
        this.config = config;
        this.backend = backend;
        this.inputs = config.inputWidth();
        int capacity = backend.capacity();
        this.preprocessing = new Preprocessing(config, capacity);
        this.predictions = new BatchPredictions(config, capacity);
        this.drift = new DriftMonitor(config);
        this.responder = new DriftResponder(config, backend);
        this.scoring = new PrequentialScoring(config);
        this.snapshots = new SnapshotCodec(config, counters, preprocessing, backend, drift, responder);
        this.types = config.tasks().stream().map(TaskType::of).toArray(TaskType[]::new);
        this.memberLosses = config.tasks().stream()
                .map(t -> t.isFamily() ? new MemberLosses(config.metrics().window()) : null)
                .toArray(MemberLosses[]::new);
    }

    public ModelConfig config() {
        return config;
    }

    public ModelBackend backend() {
        return backend;
    }

    /**
     * Predicts every row with the current model, records those predictions against the labels in the
     * prequential metrics, then learns from the labels in one step. The returned object is reused by the
     * next call.
     */
    public BatchPredictions predictThenLearn(ExampleBatch batch) {
        int rows = checkBatch(batch);
        long version = counters.applied();
        preprocessing.beginStep();
        // Inputs are standardised with the statistics as of the last step, so one forward pass serves
        // both the prediction (which must not depend on the rest of its batch) and the step.
        float[] standardizedX = standardize(batch, rows);
        preprocessing.learn(batch, rows);
        preprocessing.passScales(backend);
        float[][] raw = predictions.raw();
        StepOutcome outcome = backend.train(standardizedX, rows, preprocessing.labels(), preprocessing.labeled(),
                batch.weightsOrNull(), raw);
        toUserUnits(rows);
        predictions.reset(rows, version);
        scoring.record(batch, rows, raw);
        if (batch.hasMembers()) {
            recordMemberLosses(batch, rows);
        }
        List<DriftSignal> signals = drift.watchesAny() ? observeDrift(batch, rows, version) : List.of();
        counters.record(outcome, rows);
        lastChallengeEvents = responder.learnBeside(batch, rows, standardizedX, preprocessing, predictions, drift,
                counters.applied());
        preprocessing.endStep(outcome.rejected());
        lastOutcome = outcome;
        lastSignals = responder.afterStep(outcome, signals, drift, counters.applied());
        return predictions;
    }

    /**
     * The example's first regression label or numeric feature far outside the running statistics as of the last
     * step ({@code preprocessing.outlier_guard}), or null. Callers keep a rejected example out of every batch, so a
     * replay of the same input rejects the same examples and gives the same model.
     */
    public ValueRejection checkOutliers(Example example) {
        return preprocessing.checkOutliers(example);
    }

    /** Predicts the rows with the current model; learns nothing and records no metric. */
    public BatchPredictions predict(ExampleBatch batch) {
        int rows = checkBatch(batch);
        float[] standardizedX = standardize(batch, rows);
        backend.predict(standardizedX, rows, predictions.raw());
        toUserUnits(rows);
        predictions.reset(rows, counters.applied());
        return predictions;
    }

    private int checkBatch(ExampleBatch batch) {
        if (batch.inputs() != inputs) {
            throw new IllegalArgumentException("batch has " + batch.inputs() + " inputs, model expects " + inputs);
        }
        int rows = batch.size();
        if (rows < 1 || rows > backend.capacity()) {
            throw new IllegalArgumentException("batch of " + rows + " rows; expected 1 to " + backend.capacity());
        }
        return rows;
    }

    private float[] standardize(ExampleBatch batch, int rows) {
        float[] standardizedX = preprocessing.standardize(batch, rows);
        if (!preprocessing.plain()) {
            backend.setFeatureSets(batch.featureSets(), rows);
        }
        if (batch.hasMembers()) {
            for (int t = 0; t < types.length; t++) {
                if (config.tasks().get(t).isFamily()) {
                    backend.setMembers(t, batch.members(t), rows);
                }
            }
        }
        return standardizedX;
    }

    /** Regression outputs back to label units, binary logits to P(1), multiclass logits to probabilities. */
    private void toUserUnits(int rows) {
        float[][] raw = predictions.raw();
        preprocessing.targetsToUserUnits(raw, rows);
        for (int t = 0; t < raw.length; t++) {
            types[t].link(raw[t], rows);
        }
    }

    /** Feeds each labeled row's prequential loss to its task's detector, in row order. */
    private List<DriftSignal> observeDrift(ExampleBatch batch, int rows, long version) {
        List<DriftSignal> signals = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            for (int t = 0; t < types.length; t++) {
                if (!drift.watches(t) || !batch.isLabeled(t, r)) {
                    continue;
                }
                TaskConfig task = config.tasks().get(t);
                float y = batch.labelValue(t, r);
                double loss = types[t].driftLoss(predictions, t, r, y, preprocessing.targetScale(t));
                DriftLevel level = drift.observe(t, loss);
                if (level != null) {
                    signals.add(new DriftSignal(t, task.name(), drift.detectorName(t), level, drift.seen(t),
                            drift.statistic(t), drift.meanLoss(t, 1), drift.meanLoss(t, 0), null, version));
                }
            }
        }
        return signals;
    }

    private void recordMemberLosses(ExampleBatch batch, int rows) {
        for (int t = 0; t < types.length; t++) {
            if (memberLosses[t] == null) {
                continue;
            }
            for (int r = 0; r < rows; r++) {
                String member = batch.member(t, r);
                if (member != null && batch.isLabeled(t, r)) {
                    memberLosses[t].add(member, types[t].driftLoss(predictions, t, r, batch.labelValue(t, r),
                            preprocessing.targetScale(t)));
                }
            }
            memberLosses[t].retain(backend.members(t));
        }
    }

    /**
     * Family task {@code t}'s {@code k} members with the highest windowed prequential loss, worst first, each as
     * its key and loss; empty for a task that is no family.
     */
    public List<Map.Entry<String, Double>> worstMembers(int t, int k) {
        if (memberLosses[t] == null) {
            return List.of();
        }
        return memberLosses[t].worst(k).stream()
                .map(m -> Map.entry(m.member(), m.loss())).toList();
    }

    /** Drift signals of the last batch, with the responses taken. */
    public List<DriftSignal> lastSignals() {
        return lastSignals;
    }

    /** Drift challengers adopted or dropped in the last batch (a list reused by the next call). */
    public List<ChallengeEvent> lastChallengeEvents() {
        return lastChallengeEvents;
    }

    /** The per-task drift detectors. */
    public DriftMonitor drift() {
        return drift;
    }

    /** Prequential metrics of task {@code t}. */
    public PrequentialMetrics metrics(int t) {
        return scoring.metrics(t);
    }

    /**
     * The prequential metrics' state, kept apart from {@link #snapshot()} so that it can be stored on its own
     * cadence: per task, the record and skip counts, the running sums behind the cumulative metrics, the last
     * {@code window} records behind the windowed ones and, for binary tasks, the score histogram behind the
     * cumulative AUC; restoring it continues every metric exactly. Little-endian: magic "SMTQ", format version,
     * task count, then per task its name (int length, UTF-8), the length of its state (int) and the state, which
     * starts with the task kind, class count and window (see {@link PrequentialMetrics#write}).
     */
    public byte[] metricsState() {
        return scoring.state();
    }

    /**
     * Replaces every task's prequential metrics with a {@link #metricsState()} taken from a learner with the same
     * tasks (names, kinds, classes, in order) and metrics window. All or nothing: on failure the metrics are left
     * as they were.
     *
     * @throws IllegalArgumentException naming what does not fit, if the state is not a metrics state of this format
     *     version, is of other tasks or another window, or is truncated or inconsistent
     */
    public void restoreMetrics(byte[] state) {
        scoring.restore(state);
    }

    /** Step counts: applied, rejected by reason, examples seen. */
    public StepCounters counters() {
        return counters;
    }

    /** The task weights λ_t as they stand now, in task order: static, or as the weighting strategy learned them. */
    public double[] taskWeights() {
        return backend.taskWeights();
    }

    /** The outcome of the last step, or null before the first. */
    public StepOutcome lastOutcome() {
        return lastOutcome;
    }

    /**
     * The learner's whole model state (parameters, optimiser, preprocessing, counters, drift detectors and
     * responses) as bytes in the format of {@code docs/state-format.md}.
     */
    public byte[] snapshot() {
        return snapshots.write();
    }

    /**
     * Replaces this learner's model state with a snapshot (of format 3, the drift detectors start afresh and
     * everything else is restored). A snapshot that records another spec (format 5) is carried over into this
     * learner, which must be freshly built: trunk and the heads of kept tasks keep parameters and optimiser state,
     * new tasks and features start fresh (a new feature's weights at zero), removed ones are dropped, see
     * {@link #carriedOver()}. If it fails (another model's snapshot, one of another format version, or a change
     * that cannot carry over), the learner is left half-restored and must be discarded.
     *
     * @throws IllegalArgumentException naming what does not fit: for a snapshot of another format version both
     *     versions, for a spec change that cannot carry over every such change and how to start fresh
     */
    public void restore(byte[] snapshot) {
        snapshots.read(snapshot);
    }

    /** What the last {@link #restore} carried over from a snapshot of another spec, in a line; null if none. */
    public String carriedOver() {
        return snapshots.carriedOver();
    }

    /**
     * Whether {@link #restore} of this snapshot into the same spec keeps the drift detectors: it is of format 4 or
     * later, not format 3, whose detectors start afresh.
     */
    public static boolean keepsDriftDetectors(byte[] snapshot) {
        int version = SnapshotCodec.version(snapshot);
        return version == SnapshotCodec.VERSION || version == SnapshotCodec.NO_FAMILIES || version == SnapshotCodec.NO_SPEC;
    }
}
