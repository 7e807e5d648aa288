package io.streammtl.learn;

import io.streammtl.config.FeatureConfig;
import io.streammtl.config.FeatureType;
import io.streammtl.config.ModelConfig;
import io.streammtl.config.TaskConfig;
import io.streammtl.config.TaskKind;
import io.streammtl.learn.metrics.PrequentialMetrics;
import io.streammtl.model.train.Backends;
import io.streammtl.model.ModelBackend;
import io.streammtl.model.Probability;
import io.streammtl.model.StepOutcome;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The online multi-task learner: standardises inputs and targets with running statistics, predicts every
 * example of a batch with the current model, scores those predictions (test-then-train, or prequential
 * evaluation, Dawid 1984), then takes one optimiser step on the batch's labels.
 */
public final class OnlineLearner {
    private static final int SNAPSHOT_MAGIC = 0x534D544C; // "SMTL"
    private static final int SNAPSHOT_VERSION = 3;

    private final ModelConfig config;
    private final ModelBackend backend;
    private final int inputs;
    private final boolean[] standardizedInput;
    private final RunningStandardizer features;
    private final InputPreparation imputation;
    private final RunningStandardizer featuresBefore;
    private final RunningStandardizer targets;
    private final RunningStandardizer targetsBefore;
    private final int[] targetColumn;
    private final float[] standardizedX;
    private final double[] columnMean;
    private final double[] columnStd;
    private final float[][] labels;
    private final boolean[][] labeled;
    private final BatchPredictions predictions;
    private final List<PrequentialMetrics> metrics;
    private final StepCounters counters = new StepCounters();
    private final DriftMonitor drift;
    private final DriftResponder responder;
    private final OutlierGuard outlierGuard;
    private StepOutcome lastOutcome;
    private List<DriftSignal> lastSignals = List.of();

    public OnlineLearner(ModelConfig config) {
        this(config, Backends.select(config));
    }

    /** A learner over a given backend (its capacity bounds the batch size). */
    public OnlineLearner(ModelConfig config, ModelBackend backend) {
        this.config = config;
        this.backend = backend;
        this.inputs = config.inputWidth();
        int capacity = backend.capacity();
        this.standardizedInput = new boolean[inputs];
        int slot = 0;
        for (FeatureConfig feature : config.features()) {
            if (feature.type() == FeatureType.NUMERIC) {
                standardizedInput[slot] = config.preprocessing().standardizeFeatures();
            }
            slot += feature.width();
        }
        this.imputation = new InputPreparation(config, standardizedInput);
        this.features = new RunningStandardizer(inputs);
        this.featuresBefore = new RunningStandardizer(inputs);
        List<TaskConfig> tasks = config.tasks();
        this.targetColumn = new int[tasks.size()];
        int regression = 0;
        for (int t = 0; t < tasks.size(); t++) {
            boolean standardize = tasks.get(t).kind() == TaskKind.REGRESSION
                    && config.preprocessing().standardizeTargets();
            targetColumn[t] = standardize ? regression++ : -1;
        }
        this.targets = new RunningStandardizer(regression);
        this.targetsBefore = new RunningStandardizer(regression);
        this.outlierGuard = new OutlierGuard(config, features, targets, targetColumn);
        this.standardizedX = new float[capacity * inputs];
        this.columnMean = new double[inputs];
        this.columnStd = new double[inputs];
        this.labels = new float[tasks.size()][capacity];
        this.labeled = new boolean[tasks.size()][capacity];
        this.predictions = new BatchPredictions(config, capacity);
        this.drift = new DriftMonitor(config);
        this.responder = new DriftResponder(config, backend);
        this.metrics = new ArrayList<>();
        for (TaskConfig task : tasks) {
            int window = config.metrics().window();
            metrics.add(switch (task.kind()) {
                case REGRESSION -> PrequentialMetrics.regression(window);
                case BINARY -> PrequentialMetrics.binary(window);
                case MULTICLASS -> PrequentialMetrics.multiclass(task.outputs(), window);
            });
        }
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
        featuresBefore.copyFrom(features);
        targetsBefore.copyFrom(targets);
        // Inputs are standardised with the statistics as of the last step, so one forward pass serves
        // both the prediction (which must not depend on the rest of its batch) and the step.
        standardize(batch, rows);
        if (imputation.plain()) {
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < inputs; c++) {
                    if (standardizedInput[c]) {
                        features.update(c, batch.input(r, c));
                    }
                }
            }
        } else {
            imputation.updateStatistics(batch, rows, features);
        }
        prepareLabels(batch, rows);
        imputation.passScales(backend, targetColumn, targets);
        float[][] raw = predictions.raw();
        StepOutcome outcome = backend.train(standardizedX, rows, labels, labeled, raw);
        toUserUnits(rows, targetsBefore);
        predictions.reset(rows, version);
        recordMetrics(batch, rows);
        List<DriftSignal> signals = drift.watchesAny() ? observeDrift(batch, rows, version) : List.of();
        counters.record(outcome, rows);
        if (outcome.rejected()) {
            features.copyFrom(featuresBefore);
            targets.copyFrom(targetsBefore);
        }
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
        return outlierGuard.check(example);
    }

    /** Predicts the rows with the current model; learns nothing and records no metric. */
    public BatchPredictions predict(ExampleBatch batch) {
        int rows = checkBatch(batch);
        standardize(batch, rows);
        backend.predict(standardizedX, rows, predictions.raw());
        toUserUnits(rows, targets);
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

    private void standardize(ExampleBatch batch, int rows) {
        // The column statistics once per batch, not per value: the same arithmetic as features.standardize.
        for (int c = 0; c < inputs; c++) {
            columnMean[c] = standardizedInput[c] ? features.mean(c) : 0;
            columnStd[c] = standardizedInput[c] ? features.std(c) : 1;
        }
        for (int r = 0; r < rows; r++) {
            int base = r * inputs;
            for (int c = 0; c < inputs; c++) {
                float v = batch.input(r, c);
                standardizedX[base + c] = standardizedInput[c] ? (float) ((v - columnMean[c]) / columnStd[c]) : v;
            }
        }
        if (!imputation.plain()) {
            imputation.impute(batch, rows, features, standardizedX);
            backend.setFeatureSets(batch.groups(), rows);
        }
    }

    private void prepareLabels(ExampleBatch batch, int rows) {
        for (int t = 0; t < labels.length; t++) {
            int column = targetColumn[t];
            for (int r = 0; r < rows; r++) {
                labeled[t][r] = batch.isLabeled(t, r);
                if (labeled[t][r] && column >= 0) {
                    targets.update(column, batch.labelValue(t, r));
                }
            }
            for (int r = 0; r < rows; r++) {
                float y = batch.labelValue(t, r);
                labels[t][r] = labeled[t][r] && column >= 0 ? targets.standardize(column, y) : y;
            }
        }
    }

    private void toUserUnits(int rows, RunningStandardizer targetStats) {
        float[][] raw = predictions.raw();
        for (int t = 0; t < raw.length; t++) {
            TaskConfig task = config.tasks().get(t);
            float[] out = raw[t];
            switch (task.kind()) {
                case REGRESSION -> {
                    int column = targetColumn[t];
                    if (column >= 0) {
                        for (int r = 0; r < rows; r++) {
                            out[r] = (float) targetStats.restore(column, out[r]);
                        }
                    }
                }
                case BINARY -> {
                    for (int r = 0; r < rows; r++) {
                        out[r] = (float) Probability.sigmoid(out[r]);
                    }
                }
                case MULTICLASS -> {
                    int width = task.outputs();
                    for (int r = 0; r < rows; r++) {
                        Probability.softmax(out, r * width, width, out);
                    }
                }
            }
        }
    }

    private void recordMetrics(ExampleBatch batch, int rows) {
        for (int t = 0; t < metrics.size(); t++) {
            int width = config.tasks().get(t).outputs();
            PrequentialMetrics m = metrics.get(t);
            float[] out = predictions.raw()[t];
            for (int r = 0; r < rows; r++) {
                if (batch.isLabeled(t, r)) {
                    m.record(batch.labelValue(t, r), out, r * width);
                }
            }
        }
    }

    /** Feeds each labeled row's prequential loss to its task's detector, in row order. */
    private List<DriftSignal> observeDrift(ExampleBatch batch, int rows, long version) {
        List<DriftSignal> signals = new ArrayList<>();
        float[][] out = predictions.raw();
        for (int r = 0; r < rows; r++) {
            for (int t = 0; t < labels.length; t++) {
                if (!drift.watches(t) || !batch.isLabeled(t, r)) {
                    continue;
                }
                TaskConfig task = config.tasks().get(t);
                float y = batch.labelValue(t, r);
                double loss = switch (task.kind()) {
                    case REGRESSION -> {
                        int column = targetColumn[t];
                        double scale = column >= 0 ? targetsBefore.std(column) : 1.0;
                        double error = (out[t][r] - y) / scale;
                        yield error * error;
                    }
                    case BINARY -> (out[t][r] >= 0.5f ? 1 : 0) == (int) y ? 0.0 : 1.0;
                    case MULTICLASS -> predictions.predictedClassOf(t, r) == (int) y ? 0.0 : 1.0;
                };
                io.streammtl.learn.drift.DriftLevel level = drift.observe(t, loss);
                if (level != null) {
                    signals.add(new DriftSignal(t, task.name(), drift.detectorName(t), level, drift.seen(t),
                            drift.statistic(t), drift.meanLoss(t, 1), drift.meanLoss(t, 0), null, version));
                }
            }
        }
        return signals;
    }

    /** Drift signals of the last batch, with the responses taken. */
    public List<DriftSignal> lastSignals() {
        return lastSignals;
    }

    /** The per-task drift detectors. */
    public DriftMonitor drift() {
        return drift;
    }

    /** Prequential metrics of task {@code t}. */
    public PrequentialMetrics metrics(int t) {
        return metrics.get(t);
    }

    private static final int METRICS_MAGIC = 0x534D5451; // "SMTQ"
    private static final int METRICS_VERSION = 1;

    /**
     * The prequential metrics' state, kept apart from {@link #snapshot()} so that it can be stored on its own
     * cadence: per task, the record and skip counts, the running sums behind the cumulative metrics, the last
     * {@code window} records behind the windowed ones and, for binary tasks, the score histogram behind the
     * cumulative AUC; restoring it continues every metric exactly. Little-endian: magic "SMTQ", format version,
     * task count, then per task its name (int length, UTF-8), the length of its state (int) and the state, which
     * starts with the task kind, class count and window (see {@link PrequentialMetrics#write}).
     */
    public byte[] metricsState() {
        List<TaskConfig> tasks = config.tasks();
        byte[][] names = new byte[tasks.size()][];
        int[] stateBytes = new int[tasks.size()];
        int size = 3 * Integer.BYTES;
        for (int t = 0; t < tasks.size(); t++) {
            names[t] = tasks.get(t).name().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            stateBytes[t] = metrics.get(t).stateBytes();
            size += Integer.BYTES + names[t].length + Integer.BYTES + stateBytes[t];
        }
        ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(METRICS_MAGIC).putInt(METRICS_VERSION).putInt(tasks.size());
        for (int t = 0; t < tasks.size(); t++) {
            out.putInt(names[t].length).put(names[t]);
            out.putInt(stateBytes[t]);
            metrics.get(t).write(out);
        }
        if (out.hasRemaining()) {
            throw new IllegalStateException("metrics state size mismatch: " + out.remaining() + " bytes unused");
        }
        return out.array();
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
        ByteBuffer[] parts = metricsStateParts(state);
        byte[] previous = metricsState();
        for (int t = 0; t < parts.length; t++) {
            try {
                metrics.get(t).read(parts[t]);
                if (parts[t].hasRemaining()) {
                    throw new IllegalArgumentException(parts[t].remaining() + " bytes left over");
                }
            } catch (IllegalArgumentException e) {
                restoreMetrics(previous);
                throw new IllegalArgumentException("cannot restore metrics of task '" + config.tasks().get(t).name()
                        + "': " + e.getMessage(), e);
            }
        }
    }

    /** Checks a metrics state's envelope against this model's tasks and cuts it into one buffer per task. */
    private ByteBuffer[] metricsStateParts(byte[] state) {
        ByteBuffer in = ByteBuffer.wrap(state).order(ByteOrder.LITTLE_ENDIAN);
        List<TaskConfig> tasks = config.tasks();
        try {
            if (in.remaining() < 8 || in.getInt() != METRICS_MAGIC) {
                throw new IOException("not a streammtl metrics state");
            }
            int version = in.getInt();
            if (version != METRICS_VERSION) {
                throw new IOException("metrics state format " + version + " is not supported (expected "
                        + METRICS_VERSION + ")");
            }
            int count = in.getInt();
            if (count != tasks.size()) {
                throw new IOException("the state has " + count + " tasks, this model has " + tasks.size());
            }
            ByteBuffer[] parts = new ByteBuffer[count];
            for (int t = 0; t < count; t++) {
                String name = new String(lengthPrefixed(in), java.nio.charset.StandardCharsets.UTF_8);
                if (!name.equals(tasks.get(t).name())) {
                    throw new IOException("task " + t + " of the state is '" + name + "', this model's is '"
                            + tasks.get(t).name() + "'");
                }
                parts[t] = ByteBuffer.wrap(lengthPrefixed(in)).order(ByteOrder.LITTLE_ENDIAN);
            }
            if (in.hasRemaining()) {
                throw new IOException(in.remaining() + " bytes left over after the last task");
            }
            return parts;
        } catch (IOException | java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException("cannot restore metrics: " + (e.getMessage() == null
                    ? "the state is truncated" : e.getMessage()), e);
        }
    }

    /** Reads an int length and that many bytes. */
    private static byte[] lengthPrefixed(ByteBuffer in) throws IOException {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new IOException("a length of " + length + " runs past the end of the state");
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return bytes;
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
     * The learner's whole model state (parameters, optimiser, preprocessing, counters) as bytes: little-endian,
     * magic "SMTL", format version, then each part in turn.
     */
    public byte[] snapshot() {
        byte[] driftState = drift.watchesAny() ? drift.state() : new byte[0];
        byte[] responderState = responder.state();
        int size = 8 + StepCounters.BYTES + features.stateBytes() + targets.stateBytes() + backend.stateBytes()
                + 8 + driftState.length + responderState.length;
        ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(SNAPSHOT_MAGIC);
        out.putInt(SNAPSHOT_VERSION);
        counters.write(out);
        features.write(out);
        targets.write(out);
        backend.writeState(out);
        out.putInt(driftState.length).put(driftState);
        out.putInt(responderState.length).put(responderState);
        if (out.hasRemaining()) {
            throw new IllegalStateException("snapshot size mismatch: " + out.remaining() + " bytes unused");
        }
        return out.array();
    }

    /**
     * Replaces this learner's model state with a snapshot taken from a learner of the same config; if it fails
     * (another model's snapshot), the learner is left half-restored and must be discarded.
     */
    public void restore(byte[] snapshot) {
        ByteBuffer in = ByteBuffer.wrap(snapshot).order(ByteOrder.LITTLE_ENDIAN);
        try {
            if (in.remaining() < 8 || in.getInt() != SNAPSHOT_MAGIC) {
                throw new IOException("not a streammtl model snapshot");
            }
            int version = in.getInt();
            if (version != SNAPSHOT_VERSION) {
                throw new IOException("snapshot format " + version + " is not supported (expected "
                        + SNAPSHOT_VERSION + ")");
            }
            counters.read(in);
            features.read(in);
            targets.read(in);
            backend.readState(in);
            byte[] driftState = new byte[in.getInt()];
            in.get(driftState);
            if (driftState.length > 0) {
                drift.restore(driftState);
            }
            byte[] responderState = new byte[in.getInt()];
            in.get(responderState);
            responder.restore(responderState);
            if (in.hasRemaining()) {
                throw new IOException(in.remaining() + " bytes left over: the snapshot is of another model");
            }
        } catch (IOException | java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException("cannot restore snapshot: " + (e.getMessage() == null
                    ? "it is shorter than this model's state" : e.getMessage()), e);
        }
    }
}
