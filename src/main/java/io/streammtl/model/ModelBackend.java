package io.streammtl.model;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The model as the learner drives it: the batched forward pass, loss, backward pass and optimiser update of the
 * multi-task network on standardised inputs, its state, and the drift responses' hooks on its heads. One
 * implementation runs over any compute backend ({@code io.streammtl.compute}); the hardware plugs in there.
 */
public interface ModelBackend {
    /** Number of input columns. */
    int inputs();

    /** Largest batch accepted. */
    int capacity();

    /** Raw head outputs z for the first {@code rows} rows: {@code outputs[t]} gets rows × width(t) values. */
    void predict(float[] x, int rows, float[][] outputs);

    /**
     * Predicts (into {@code outputs}, as {@link #predict}) and then takes one step on the labeled rows:
     * {@code labels[t][r]} is valid where {@code labeled[t][r]}. A step whose loss or gradient is not
     * finite leaves every parameter and all optimiser state unchanged.
     */
    StepOutcome train(float[] x, int rows, float[][] labels, boolean[][] labeled, float[][] outputs);

    /** Bytes {@link #writeState} needs. */
    int stateBytes();

    /** Parameters and optimiser state, enough to continue bit for bit. */
    void writeState(ByteBuffer out);

    void readState(ByteBuffer in) throws IOException;

    /** Multiplies the learning rate of task {@code t}'s head (1 = as configured); drift responses use it. */
    void setHeadLearningRateScale(int t, double scale);

    /** Re-initialises task {@code t}'s head from {@code seed}, forgetting its optimiser state; the trunk is kept. */
    void resetHead(int t, long seed);

    /**
     * Starts a background head for task {@code t} (fresh from {@code seed}), trained on the same batches as the
     * head but without training the trunk; {@link #promoteBackgroundHead} swaps it in.
     */
    void startBackgroundHead(int t, long seed);

    boolean hasBackgroundHead(int t);

    /** Replaces task {@code t}'s head (parameters and optimiser state) with its background head, which ends. */
    void promoteBackgroundHead(int t);

    void dropBackgroundHead(int t);

    /**
     * The task weights λ_t as they stand now, in task order: the static weights, or what the weighting strategy has
     * learned (exported as metrics).
     */
    double[] taskWeights();

    /** Feature set (input projection) of each of the next batch's first {@code rows} rows (all 0 without them). */
    void setFeatureSets(int[] sets, int rows);

    /**
     * The running mean and standard deviation that map regression task {@code t}'s raw output to its original
     * units in the next step (coherence penalties threshold there).
     */
    void setTargetScale(int t, double mean, double std);

    /** Total number of trainable values. */
    long parameterCount();

    /** The compute backend and device in words, for the start-up line. */
    String description();
}
