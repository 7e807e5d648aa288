package io.streammtl.learn;

import io.streammtl.config.FeatureConfig;
import io.streammtl.config.FeatureType;
import io.streammtl.config.ModelConfig;
import io.streammtl.config.TaskKind;
import io.streammtl.model.FeatureSets;
import io.streammtl.model.ModelBackend;

import java.util.List;

/**
 * The learner's input steps beyond plain standardisation: a missing numeric value becomes its feature's running
 * mean (0 once standardised) or the configured constant, its indicator input staying 1; running statistics learn
 * only from values that are present and belong to the row's feature set; the backend hears each row's feature set
 * and, for coherence penalties, each regression target's scale.
 */
final class InputPreparation {
    private final boolean plain;
    private final boolean coherent;
    private final int inputs;
    private final FeatureSets sets;
    private final int[] slot;
    private final int[] indicator;
    private final boolean[] tracked;
    private final Double[] constant;
    private final boolean[] standardized;

    InputPreparation(ModelConfig config, boolean[] standardizedInput) {
        List<FeatureConfig> features = config.features();
        this.inputs = config.inputWidth();
        this.sets = new FeatureSets(config);
        this.standardized = standardizedInput;
        this.slot = new int[features.size()];
        this.indicator = new int[features.size()];
        this.tracked = new boolean[features.size()];
        this.constant = new Double[features.size()];
        boolean imputes = false;
        int at = 0;
        for (int f = 0; f < features.size(); f++) {
            FeatureConfig feature = features.get(f);
            slot[f] = at;
            boolean numeric = feature.type() == FeatureType.NUMERIC;
            indicator[f] = numeric && feature.missing().impute() ? at + 1 : -1;
            tracked[f] = numeric && (standardizedInput[at] || feature.missing().imputesMean());
            constant[f] = feature.missing().value();
            imputes |= indicator[f] >= 0;
            at += feature.width();
        }
        this.coherent = !config.taskInputs().coherence().isEmpty();
        this.plain = !imputes && !sets.projected() && !coherent;
        if (coherent) {
            for (var c : config.taskInputs().coherence()) {
                int q = config.tasks().stream().map(t -> t.name()).toList().indexOf(c.regressionTask());
                if (config.tasks().get(q).kind() != TaskKind.REGRESSION) {
                    throw new IllegalArgumentException("coherence needs a regression task, got " + c.regressionTask());
                }
            }
        }
    }

    /** Whether nothing here applies (then the learner's plain loops run). */
    boolean plain() {
        return plain;
    }

    /** Learns running statistics from present values of the row's feature set only. */
    void updateStatistics(ExampleBatch batch, int rows, RunningStandardizer features) {
        for (int r = 0; r < rows; r++) {
            if (batch.inputsSeen(r)) {
                continue;
            }
            int featureSet = batch.featureSet(r);
            for (int f = 0; f < slot.length; f++) {
                if (!tracked[f] || !sets.contains(featureSet, f)) {
                    continue;
                }
                if (indicator[f] >= 0 && batch.input(r, indicator[f]) != 0f) {
                    continue;
                }
                features.update(slot[f], batch.input(r, slot[f]));
            }
        }
    }

    /** Replaces missing values in the standardised rows by their imputation (as of the last step's statistics). */
    void impute(ExampleBatch batch, int rows, RunningStandardizer features, float[] standardizedX) {
        for (int f = 0; f < slot.length; f++) {
            if (indicator[f] < 0) {
                continue;
            }
            int c = slot[f];
            for (int r = 0; r < rows; r++) {
                if (batch.input(r, indicator[f]) == 0f) {
                    continue;
                }
                double value = constant[f] != null ? constant[f] : features.mean(c);
                standardizedX[r * inputs + c] = standardized[c] ? features.standardize(c, value) : (float) value;
            }
        }
    }

    /** Tells the backend each standardised regression target's mean and deviation (coherence works in user units). */
    void passScales(ModelBackend backend, int[] targetColumn, RunningStandardizer targets) {
        if (!coherent) {
            return;
        }
        for (int t = 0; t < targetColumn.length; t++) {
            int column = targetColumn[t];
            if (column >= 0) {
                backend.setTargetScale(t, targets.mean(column), targets.std(column));
            }
        }
    }
}
