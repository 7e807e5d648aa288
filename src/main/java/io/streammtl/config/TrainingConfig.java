package io.streammtl.config;

/** How steps are taken: labeled examples per micro-batch and the global gradient-norm limit (0 = off). */
public record TrainingConfig(int batchSize, double clipNorm) {
    /** Largest micro-batch the learner accepts. */
    public static final int MAX_BATCH = 4096;

    public TrainingConfig {
        Checks.range("training.batch_size", batchSize, 1, MAX_BATCH);
        if (!(clipNorm >= 0) || Double.isInfinite(clipNorm)) {
            throw new ConfigException("training.clip_norm", Checks.format(clipNorm)
                    + " is not a finite number ≥ 0 (0 = off)");
        }
    }

    /** Micro-batches of 32, no clipping. */
    public static TrainingConfig defaults() {
        return new TrainingConfig(32, 0);
    }
}
