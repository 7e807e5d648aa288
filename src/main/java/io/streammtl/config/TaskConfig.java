package io.streammtl.config;

import java.util.List;
import java.util.Locale;

/**
 * One prediction task: its kind, classes (multiclass only), loss, weight λ_t, label source, drift detection,
 * optional quality floor (null: none), the multipliers of its head's learning rate and of its gradient's share
 * in the trunk, the range a regression label must lie in (null: any finite value), and how long its label may come
 * after the event on the labels topic (null: labels only inside events), and the family it defines (null: a single
 * task; else one task per value of the family's key fields). Validated on construction;
 * errors name paths relative to the task (e.g. {@code loss}), the loader prefixes {@code tasks[i]}.
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
        ValueRange labelRange,
        LabelWait labelWait,
        FamilyConfig family) {

    public TaskConfig {
        classes = List.copyOf(classes);
        Checks.name("name", name);
        checkClasses(kind, classes);
        if (!kind.losses().contains(loss)) {
            throw new ConfigException("loss", "'" + loss.name().toLowerCase(Locale.ROOT) + "' does not apply to a "
                    + kind.specName() + " task; expected one of " + kind.losses().stream()
                    .map(l -> l.name().toLowerCase(Locale.ROOT)).toList());
        }
        if (loss == LossKind.HUBER) {
            Checks.positive("huber_delta", huberDelta);
        }
        if (!(weight >= 0) || Double.isInfinite(weight)) {
            throw new ConfigException("weight", Checks.format(weight) + " is not a finite weight ≥ 0");
        }
        Checks.positive("lr_scale", lrScale);
        Checks.fraction("trunk_scale", trunkScale, false);
        if (labelRange != null && !kind.takesLabelRange()) {
            throw new ConfigException("label_range", "only regression tasks take a label_range (binary labels are 0"
                    + " or 1, class labels are names)");
        }
        if (family != null && labelWait != null) {
            throw new ConfigException("label_ttl", "a task family takes its labels inside events only for now (a"
                    + " pending event does not keep its member key); remove label_ttl or per");
        }
        if (labelWait != null && labelWait.onExpiry() == ExpiryPolicy.NEGATIVE && kind != TaskKind.BINARY) {
            throw new ConfigException("on_expiry", "'negative' applies to binary tasks only (an unlabeled event is"
                    + " learned as 0); expected drop");
        }
    }

    /** A single task (not a family). */
    public TaskConfig(String name, TaskKind kind, List<String> classes, LossKind loss, double huberDelta, double weight,
                      LabelSource label, DriftConfig drift, QualityFloor qualityFloor, double lrScale,
                      double trunkScale, ValueRange labelRange, LabelWait labelWait) {
        this(name, kind, classes, loss, huberDelta, weight, label, drift, qualityFloor, lrScale, trunkScale,
                labelRange, labelWait, null);
    }

    /** This task as one task for all members: the family head alone, the key ignored. */
    public TaskConfig withoutFamily() {
        return new TaskConfig(name, kind, classes, loss, huberDelta, weight, label, drift, qualityFloor, lrScale,
                trunkScale, labelRange, labelWait, null);
    }

    /** Whether this task defines a family of tasks, one per value of its key fields. */
    public boolean isFamily() {
        return family != null;
    }

    /** A task whose labels come only inside events. */
    public TaskConfig(String name, TaskKind kind, List<String> classes, LossKind loss, double huberDelta, double weight,
                      LabelSource label, DriftConfig drift, QualityFloor qualityFloor, double lrScale,
                      double trunkScale, ValueRange labelRange) {
        this(name, kind, classes, loss, huberDelta, weight, label, drift, qualityFloor, lrScale, trunkScale,
                labelRange, null);
    }

    /** Whether this task's labels may arrive after the event, on the labels topic. */
    public boolean delayed() {
        return labelWait != null;
    }

    /** At least two distinct classes for a multiclass task, none for the others. */
    static void checkClasses(TaskKind kind, List<String> classes) {
        if (kind.hasClasses()) {
            if (classes.size() < 2) {
                throw new ConfigException("classes", classes.isEmpty()
                        ? "missing; a multiclass task needs a list of at least two class names"
                        : "has " + classes.size() + " class; expected at least two");
            }
            Checks.distinct("classes", classes);
        } else if (!classes.isEmpty()) {
            throw new ConfigException("classes", "only multiclass tasks have classes");
        }
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
        return kind.outputs(classes.size());
    }
}
