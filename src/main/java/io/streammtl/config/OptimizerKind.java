package io.streammtl.config;

/**
 * The update rule: SGD (with optional momentum or Nesterov), Adam, AdamW (decoupled decay), or schedule-free AdamW
 * (Defazio et al. 2024), which needs neither a schedule nor, at its default rate, tuning.
 */
public enum OptimizerKind {
    SGD, ADAM, ADAMW, SCHEDULE_FREE_ADAMW
}
