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

    /**
     * As {@link #train(float[], int, float[][], boolean[][], float[][])}, each row's loss weighted by
     * {@code rowWeights[r]} (null: all 1). A backend that cannot weight rows takes only null.
     */
    default StepOutcome train(float[] x, int rows, float[][] labels, boolean[][] labeled, float[] rowWeights,
                              float[][] outputs) {
        if (rowWeights != null) {
            throw new UnsupportedOperationException("this backend does not weight examples");
        }
        return train(x, rows, labels, labeled, outputs);
    }

    /** Bytes {@link #writeState} needs. */
    int stateBytes();

    /** Parameters and optimiser state, enough to continue bit for bit. */
    void writeState(ByteBuffer out);

    void readState(ByteBuffer in) throws IOException;

    /**
     * Restores what {@link #writeState} wrote under an older spec as far as {@code mapping} carries it over; what it
     * does not carry keeps its current (fresh) values. Reads the task weighting and regulariser state only when
     * {@code mapping.keepTaskState()}; otherwise the stream is left after the background heads.
     */
    void readState(ByteBuffer in, StateMapping mapping) throws IOException;

    /** What the drift responses do to the task heads: learning-rate scales, resets and background heads. */
    HeadControl heads();

    /**
     * The task weights λ_t as they stand now, in task order: the static weights, or what the weighting strategy has
     * learned (exported as metrics).
     */
    double[] taskWeights();

    /** Feature set (input projection) of each of the next batch's first {@code rows} rows (all 0 without them). */
    void setFeatureSets(int[] sets, int rows);

    /**
     * The member key of each of the next batch's first {@code rows} rows for family task {@code t} (null: the event
     * carries no key, the family head predicts); applies to the next {@link #predict} or {@link #train} only.
     */
    default void setMembers(int t, String[] keys, int rows) {
        throw new UnsupportedOperationException("this backend does not learn task families");
    }

    /** Family task {@code t}'s members, or null when {@code t} is not a family (or the backend has none). */
    default MemberDeviations members(int t) {
        return null;
    }

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
