package io.streammtl.learn;

import io.streammtl.config.FeatureConfig;
import io.streammtl.config.ModelConfig;
import io.streammtl.config.TaskConfig;
import io.streammtl.config.ValueRange;
import io.streammtl.model.FeatureSets;

import java.util.List;

/**
 * The spec's value ranges ({@code tasks[].label_range}, {@code features[].range}) checked on an encoded example:
 * labels first, then features in spec order; a missing value, or one outside the example's feature set, is not
 * checked (the model does not use it).
 */
public final class ValueRanges {
    private final List<TaskConfig> tasks;
    private final List<FeatureConfig> features;
    private final FeatureLayout layout;
    private final FeatureSets sets;
    private final boolean any;

    public ValueRanges(ModelConfig config) {
        this.tasks = config.tasks();
        this.features = config.features();
        this.layout = new FeatureLayout(config);
        this.sets = new FeatureSets(config);
        this.any = tasks.stream().anyMatch(t -> t.labelRange() != null)
                || features.stream().anyMatch(f -> f.range() != null);
    }

    /** The label outside {@code task}'s {@code label_range}, or null when it is within (or there is none). */
    public static ValueRejection checkLabel(TaskConfig task, float label) {
        ValueRange range = task.labelRange();
        if (range == null || range.contains(label)) {
            return null;
        }
        return new ValueRejection(ValueRejection.Kind.LABEL_OUT_OF_RANGE, "label of task '" + task.name() + "' is "
                + label + ", outside its label_range " + range);
    }

    /** The example's first value outside its range, or null when every value is within. */
    public ValueRejection check(Example example) {
        if (!any) {
            return null;
        }
        for (int t = 0; t < tasks.size(); t++) {
            ValueRejection outside = example.labeled()[t] ? checkLabel(tasks.get(t), example.labels()[t]) : null;
            if (outside != null) {
                return outside;
            }
        }
        float[] inputs = example.inputs();
        for (int f = 0; f < features.size(); f++) {
            ValueRange range = features.get(f).range();
            if (range == null || !sets.contains(example.featureSet(), f) || layout.isMissing(inputs, 0, f)) {
                continue;
            }
            float value = inputs[layout.offset(f)];
            if (!range.contains(value)) {
                return new ValueRejection(ValueRejection.Kind.FEATURE_OUT_OF_RANGE, "feature '"
                        + features.get(f).name() + "' is " + value + ", outside its range " + range);
            }
        }
        return null;
    }
}
