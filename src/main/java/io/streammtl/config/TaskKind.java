package io.streammtl.config;

import java.util.List;
import java.util.Locale;

/**
 * What a task predicts: a number, a yes/no probability, or one of several named classes. Each kind owns what the
 * spec allows for it (losses, label forms, quality-floor metrics, drift detectors), so no reader switches on it.
 */
public enum TaskKind {
    REGRESSION(List.of(LossKind.MSE, LossKind.HUBER), List.of("r2"), "page_hinkley", false),
    BINARY(List.of(LossKind.BCE), List.of("accuracy", "auc"), "adwin", true),
    MULTICLASS(List.of(LossKind.CROSS_ENTROPY), List.of("accuracy", "macro_f1"), "adwin", true);

    private final List<LossKind> losses;
    private final List<String> floorMetrics;
    private final String defaultDetector;
    private final boolean errorRate;

    TaskKind(List<LossKind> losses, List<String> floorMetrics, String defaultDetector, boolean errorRate) {
        this.losses = losses;
        this.floorMetrics = floorMetrics;
        this.defaultDetector = defaultDetector;
        this.errorRate = errorRate;
    }

    /** The losses a task of this kind accepts, the first being the default. */
    public List<LossKind> losses() {
        return losses;
    }

    /** The loss used when a task names none. */
    public LossKind defaultLoss() {
        return losses.get(0);
    }

    /** Windowed metrics where higher is better, so that a quality floor means something. */
    public List<String> floorMetrics() {
        return floorMetrics;
    }

    /** The drift detector a {@code drift} section without {@code detector} gets. */
    public String defaultDetector() {
        return defaultDetector;
    }

    /**
     * Whether the prequential error is a 0/1 indicator, as the error-rate detectors (DDM, EDDM, HDDM-A) need; a
     * regression task's loss is unbounded.
     */
    public boolean hasErrorRate() {
        return errorRate;
    }

    /** Whether tasks of this kind list named classes (and may map label values to them). */
    public boolean hasClasses() {
        return this == MULTICLASS;
    }

    /** Whether a label may be derived from a numeric column by a threshold (label 1 when value ≥ threshold). */
    public boolean takesThreshold() {
        return this == BINARY;
    }

    /** Whether labels are numbers that a {@code label_range} can bound. */
    public boolean takesLabelRange() {
        return this == REGRESSION;
    }

    /** Width of a head for this kind: one output, or one per class. */
    public int outputs(int classes) {
        return hasClasses() ? classes : 1;
    }

    /** The kind as the spec spells it, e.g. {@code regression}. */
    public String specName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
