package io.streammtl.config;

/** What a task predicts: a number, a yes/no probability, or one of several named classes. */
public enum TaskKind {
    REGRESSION, BINARY, MULTICLASS
}
