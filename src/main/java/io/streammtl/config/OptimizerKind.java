package io.streammtl.config;

/** The update rule: SGD (with optional momentum or Nesterov), Adam, or AdamW (decoupled decay). */
public enum OptimizerKind {
    SGD, ADAM, ADAMW
}
