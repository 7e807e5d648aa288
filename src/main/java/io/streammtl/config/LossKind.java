package io.streammtl.config;

/** The per-task loss; which ones a task kind accepts is {@link TaskKind#losses()}. */
public enum LossKind {
    MSE, HUBER, BCE, CROSS_ENTROPY
}
