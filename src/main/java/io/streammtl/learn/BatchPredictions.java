package io.streammtl.learn;

import io.streammtl.config.ModelConfig;

/**
 * Predictions for the rows of one batch, in user units: a regression value in the target's original
 * units, a binary P(1), or multiclass class probabilities; with the model version that made them.
 */
public final class BatchPredictions {
    private final ModelConfig config;
    private final float[][] values;
    private int rows;
    private long modelVersion;

    BatchPredictions(ModelConfig config, int capacity) {
        this.config = config;
        this.values = new float[config.tasks().size()][];
        for (int t = 0; t < values.length; t++) {
            values[t] = new float[capacity * config.tasks().get(t).outputs()];
        }
    }

    void reset(int rowCount, long version) {
        this.rows = rowCount;
        this.modelVersion = version;
    }

    float[][] raw() {
        return values;
    }

    public int rows() {
        return rows;
    }

    /** Number of optimiser steps applied to the model that made these predictions. */
    public long modelVersion() {
        return modelVersion;
    }

    /** Regression value or binary probability of task {@code t} for {@code row}. */
    public float value(int t, int row) {
        return values[t][row * config.tasks().get(t).outputs()];
    }

    /** Probability of class {@code c} of multiclass task {@code t} for {@code row}. */
    public float probability(int t, int row, int c) {
        return values[t][row * config.tasks().get(t).outputs() + c];
    }

    /** Index of the most probable class of multiclass task {@code t} for {@code row} (lowest index on ties). */
    public int predictedClassOf(int t, int row) {
        int width = config.tasks().get(t).outputs();
        int best = 0;
        for (int c = 1; c < width; c++) {
            if (values[t][row * width + c] > values[t][row * width + best]) {
                best = c;
            }
        }
        return best;
    }

    /** Task {@code t}'s outputs for all rows, row-major (rows × width); shared, not copied. */
    public float[] outputs(int t) {
        return values[t];
    }
}
