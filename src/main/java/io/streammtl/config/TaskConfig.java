package io.streammtl.config;

import java.util.List;

/**
 * One prediction task: its kind, classes (multiclass only), loss, weight λ_t, label source, drift detection, and
 * the multipliers of its head's learning rate and of its gradient's share in the trunk.
 */
public record TaskConfig(
        String name,
        TaskKind kind,
        List<String> classes,
        LossKind loss,
        double huberDelta,
        double weight,
        LabelSource label,
        DriftConfig drift,
        double lrScale,
        double trunkScale) {

    public TaskConfig {
        classes = List.copyOf(classes);
    }

    /** A task whose head and trunk share learn at the configured rate (lr_scale = trunk_scale = 1). */
    public TaskConfig(String name, TaskKind kind, List<String> classes, LossKind loss, double huberDelta,
                      double weight, LabelSource label, DriftConfig drift) {
        this(name, kind, classes, loss, huberDelta, weight, label, drift, 1.0, 1.0);
    }

    /** Width of this task's head output: 1, or the number of classes. */
    public int outputs() {
        return kind == TaskKind.MULTICLASS ? classes.size() : 1;
    }
}
