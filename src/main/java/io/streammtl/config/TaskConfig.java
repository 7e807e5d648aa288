package io.streammtl.config;

import java.util.List;

/**
 * One prediction task: its kind, classes (multiclass only), loss, weight λ_t, label source, drift detection,
 * optional quality floor (null: none), the multipliers of its head's learning rate and of its gradient's share
 * in the trunk, and the range a regression label must lie in (null: any finite value).
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
        QualityFloor qualityFloor,
        double lrScale,
        double trunkScale,
        ValueRange labelRange) {

    public TaskConfig {
        classes = List.copyOf(classes);
    }

    /** A task without a label range. */
    public TaskConfig(String name, TaskKind kind, List<String> classes, LossKind loss, double huberDelta, double weight,
                      LabelSource label, DriftConfig drift, QualityFloor qualityFloor, double lrScale,
                      double trunkScale) {
        this(name, kind, classes, loss, huberDelta, weight, label, drift, qualityFloor, lrScale, trunkScale, null);
    }

    /** A task without a quality floor, learning at the configured rate. */
    public TaskConfig(String name, TaskKind kind, List<String> classes, LossKind loss, double huberDelta, double weight,
                      LabelSource label, DriftConfig drift) {
        this(name, kind, classes, loss, huberDelta, weight, label, drift, null, 1.0, 1.0);
    }

    /** A task whose head and trunk share learn at the configured rate (lr_scale = trunk_scale = 1). */
    public TaskConfig(String name, TaskKind kind, List<String> classes, LossKind loss, double huberDelta, double weight,
                      LabelSource label, DriftConfig drift, QualityFloor qualityFloor) {
        this(name, kind, classes, loss, huberDelta, weight, label, drift, qualityFloor, 1.0, 1.0);
    }

    /** Width of this task's head output: 1, or the number of classes. */
    public int outputs() {
        return kind == TaskKind.MULTICLASS ? classes.size() : 1;
    }
}
