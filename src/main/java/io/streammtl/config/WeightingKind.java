package io.streammtl.config;

/** How task weights λ_t are set: from config, or learned/adapted online by a strategy. */
public enum WeightingKind {
    STATIC, UNCERTAINTY, GRADNORM, DWA, LOSS_SCALE
}
