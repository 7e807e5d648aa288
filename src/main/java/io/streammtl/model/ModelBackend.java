package io.streammtl.model;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The seam between the learner and the hardware: the batched forward pass, loss, backward pass and
 * optimiser update of the multi-task network on standardised inputs. CPU today; a GPU backend plugs in here.
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

    /** Parameters and optimiser state, enough to continue bit for bit. */
    void writeState(DataOutput out) throws IOException;

    void readState(DataInput in) throws IOException;

    /** Total number of trainable values. */
    long parameterCount();

    /** Human-readable name of the backend and device, for the start-up line. */
    String description();
}
