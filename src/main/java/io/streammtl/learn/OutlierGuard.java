package io.streammtl.learn;

import io.streammtl.config.FeatureConfig;
import io.streammtl.config.ModelConfig;
import io.streammtl.config.OutlierGuardConfig;
import io.streammtl.config.TaskConfig;
import io.streammtl.model.FeatureSets;

import java.util.List;
import java.util.Locale;

/**
 * Keeps an example from the model when a regression label or numeric feature lies more than
 * {@code outlier_guard.deviations} running standard deviations from its running mean. It judges with the learner's
 * own standardisation statistics as of the last step, so the verdict is part of the replayable learner state and
 * needs none of its own; a column is judged once its statistics hold {@code min_count} values. The statistics
 * never learn a rejected value, so an absurd value cannot widen the band that judges the next one. A column the
 * learner keeps no statistics for (standardisation off) is not judged; nor is a missing value or one outside the
 * example's feature set, which the statistics skip too.
 */
final class OutlierGuard {
    private final OutlierGuardConfig settings;
    private final List<TaskConfig> tasks;
    private final List<FeatureConfig> features;
    private final FeatureLayout layout;
    private final FeatureSets sets;
    private final RunningStandardizer featureStats;
    private final RunningStandardizer targetStats;
    private final int[] targetColumn;

    OutlierGuard(ModelConfig config, RunningStandardizer featureStats, RunningStandardizer targetStats,
                 int[] targetColumn) {
        this.settings = config.preprocessing().outlierGuard();
        this.tasks = config.tasks();
        this.features = config.features();
        this.layout = new FeatureLayout(config);
        this.sets = new FeatureSets(config);
        this.featureStats = featureStats;
        this.targetStats = targetStats;
        this.targetColumn = targetColumn;
    }

    /** The example's first outlying value (labels first, then features in spec order), or null. */
    ValueRejection check(Example example) {
        if (!settings.enabled()) {
            return null;
        }
        for (int t = 0; t < tasks.size(); t++) {
            int column = targetColumn[t];
            if (column >= 0 && example.labeled()[t]) {
                String outlying = outlying(targetStats, column, example.labels()[t]);
                if (outlying != null) {
                    return new ValueRejection(ValueRejection.Kind.LABEL_OUTLIER,
                            "label of task '" + tasks.get(t).name() + "' is " + outlying);
                }
            }
        }
        float[] inputs = example.inputs();
        for (int f = 0; f < features.size(); f++) {
            if (!layout.isNumeric(f) || !sets.contains(example.featureSet(), f) || layout.isMissing(inputs, 0, f)) {
                continue;
            }
            String outlying = outlying(featureStats, layout.offset(f), inputs[layout.offset(f)]);
            if (outlying != null) {
                return new ValueRejection(ValueRejection.Kind.FEATURE_OUTLIER,
                        "feature '" + features.get(f).name() + "' is " + outlying);
            }
        }
        return null;
    }

    /** Null when the value is within the band or the column is not armed yet, else how far out it is. */
    private String outlying(RunningStandardizer stats, int column, float value) {
        long count = stats.count(column);
        if (count < settings.minCount()) {
            return null;
        }
        double mean = stats.mean(column);
        double std = stats.std(column);
        double deviations = Math.abs(value - mean) / std;
        if (deviations <= settings.deviations()) {
            return null;
        }
        return String.format(Locale.ROOT, "%s, %.3g standard deviations from the running mean %.6g (sd %.4g over %d"
                + " values; outlier_guard.deviations %s)", value, deviations, mean, std, count, settings.deviations());
    }
}
