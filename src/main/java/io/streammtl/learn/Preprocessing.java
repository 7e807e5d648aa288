package io.streammtl.learn;

import io.streammtl.config.FeatureConfig;
import io.streammtl.config.FeatureType;
import io.streammtl.config.ModelConfig;
import io.streammtl.config.TaskConfig;
import io.streammtl.config.TaskKind;
import io.streammtl.learn.state.StateReader;
import io.streammtl.learn.state.StateWriter;
import io.streammtl.model.ModelBackend;

import java.io.IOException;
import java.util.List;

/**
 * The learner's preprocessing as one unit that a rejected step rolls back: running standardisation of numeric
 * features and regression targets, imputation of missing values, and the outlier guard that judges with the same
 * statistics. Between {@link #beginStep()} and {@link #endStep(boolean)} the statistics learn the step's batch while
 * predictions are still read with the statistics as of the last step.
 */
final class Preprocessing {
    private final int inputs;
    private final boolean[] standardizedInput;
    private final InputPreparation imputation;
    private final RunningStandardizer features;
    private final RunningStandardizer featuresBefore;
    private final RunningStandardizer targets;
    private final RunningStandardizer targetsBefore;
    private final int[] targetColumn;
    private final OutlierGuard outlierGuard;
    private final float[] standardizedX;
    private final double[] columnMean;
    private final double[] columnStd;
    private final float[][] labels;
    private final boolean[][] labeled;
    private boolean inStep;

    Preprocessing(ModelConfig config, int capacity) {
        this.inputs = config.inputWidth();
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
    }

    /** Whether only plain standardisation applies: no imputation, feature sets or coherence. */
    boolean plain() {
        return imputation.plain();
    }

    /** Marks the statistics as of the last step, to read predictions with and to roll back to. */
    void beginStep() {
        featuresBefore.copyFrom(features);
        targetsBefore.copyFrom(targets);
        inStep = true;
    }

    /** Ends the step; a rejected step forgets what the statistics learned from its batch. */
    void endStep(boolean rejected) {
        if (rejected) {
            features.copyFrom(featuresBefore);
            targets.copyFrom(targetsBefore);
        }
        inStep = false;
    }

    /**
     * The batch's inputs standardised (and imputed) with the statistics as of the last step, row-major; the array
     * is reused by the next call.
     */
    float[] standardize(ExampleBatch batch, int rows) {
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
        }
        return standardizedX;
    }

    /** Learns the batch's features and labels into the statistics and prepares the step's labels. */
    void learn(ExampleBatch batch, int rows) {
        if (imputation.plain()) {
            for (int r = 0; r < rows; r++) {
                if (batch.inputsSeen(r)) {
                    continue;
                }
                for (int c = 0; c < inputs; c++) {
                    if (standardizedInput[c]) {
                        features.update(c, batch.input(r, c));
                    }
                }
            }
        } else {
            imputation.updateStatistics(batch, rows, features);
        }
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

    /** Per task, the labels of the last {@link #learn} batch, standardised where the target is. */
    float[][] labels() {
        return labels;
    }

    /** Per task, which rows of the last {@link #learn} batch carry a label. */
    boolean[][] labeled() {
        return labeled;
    }

    /** Tells the backend each standardised regression target's scale, where coherence needs it. */
    void passScales(ModelBackend backend) {
        imputation.passScales(backend, targetColumn, targets);
    }

    /** Turns standardised regression predictions back into label units, with the statistics as of the last step. */
    void targetsToUserUnits(float[][] raw, int rows) {
        RunningStandardizer stats = targetsAsOfLastStep();
        for (int t = 0; t < raw.length; t++) {
            int column = targetColumn[t];
            if (column >= 0) {
                for (int r = 0; r < rows; r++) {
                    raw[t][r] = (float) stats.restore(column, raw[t][r]);
                }
            }
        }
    }

    /** Task {@code t}'s target deviation as of the last step, or 1 when its target is not standardised. */
    double targetScale(int t) {
        int column = targetColumn[t];
        return column >= 0 ? targetsAsOfLastStep().std(column) : 1.0;
    }

    ValueRejection checkOutliers(Example example) {
        return outlierGuard.check(example);
    }

    /** The feature statistics, then the target statistics. */
    void write(StateWriter out) {
        features.write(out);
        targets.write(out);
    }

    void read(StateReader in) throws IOException {
        features.read(in);
        targets.read(in);
    }

    /** Reads statistics of another spec, each column following its feature or task (new ones start empty). */
    void readMapped(StateReader in, int[] featureColumnOf, int[] targetColumnOf) throws IOException {
        features.readMapped(in, featureColumnOf);
        targets.readMapped(in, targetColumnOf);
    }

    private RunningStandardizer targetsAsOfLastStep() {
        return inStep ? targetsBefore : targets;
    }
}
