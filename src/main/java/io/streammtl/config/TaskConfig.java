package io.streammtl.config;

import java.util.List;

/**
 * One prediction task: its kind, classes (multiclass only), loss, weight λ_t, label source, drift detection and
 * optional quality floor (null: none).
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
        QualityFloor qualityFloor) {

    public TaskConfig {
        classes = List.copyOf(classes);
    }

    /** A task without a quality floor. */
    public TaskConfig(String name, TaskKind kind, List<String> classes, LossKind loss, double huberDelta, double weight,
                      LabelSource label, DriftConfig drift) {
        this(name, kind, classes, loss, huberDelta, weight, label, drift, null);
    }

    /** Width of this task's head output: 1, or the number of classes. */
    public int outputs() {
        return kind == TaskKind.MULTICLASS ? classes.size() : 1;
    }
}
