package io.streammtl.config;

import java.util.EnumSet;
import java.util.Set;

/** The per-task loss; which ones a task kind accepts is fixed here. */
public enum LossKind {
    MSE, HUBER, BCE, CROSS_ENTROPY;

    /** Losses valid for a task kind, the first being the default. */
    public static Set<LossKind> allowedFor(TaskKind kind) {
        return switch (kind) {
            case REGRESSION -> EnumSet.of(MSE, HUBER);
            case BINARY -> EnumSet.of(BCE);
            case MULTICLASS -> EnumSet.of(CROSS_ENTROPY);
        };
    }

    /** The loss used when a task names none. */
    public static LossKind defaultFor(TaskKind kind) {
        return switch (kind) {
            case REGRESSION -> MSE;
            case BINARY -> BCE;
            case MULTICLASS -> CROSS_ENTROPY;
        };
    }
}
