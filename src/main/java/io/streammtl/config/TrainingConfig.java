package io.streammtl.config;

/** How steps are taken: labeled examples per micro-batch and the global gradient-norm limit (0 = off). */
public record TrainingConfig(int batchSize, double clipNorm) {
    /** Largest micro-batch the learner accepts. */
    public static final int MAX_BATCH = 4096;
}
