package io.streammtl.learn;

import io.streammtl.config.ModelConfig;

import java.util.Arrays;

/**
 * A reusable micro-batch of encoded examples: model inputs (before standardisation) and, per task, an
 * optional label (regression value, binary 0/1, or multiclass class index).
 */
public final class ExampleBatch {
    private final int capacity;
    private final int inputs;
    private final float[] x;
    private final float[][] labels;
    private final boolean[][] labeled;
    private final int[] labeledCount;
    private final int[] featureSets;
    private final boolean[] inputsSeen;
    private final float[] weights;
    private final String[][] members;
    private boolean anyMember;
    private int weighted;
    private int size;

    public ExampleBatch(int capacity, int inputs, int tasks) {
        this.capacity = capacity;
        this.inputs = inputs;
        this.x = new float[capacity * inputs];
        this.labels = new float[tasks][capacity];
        this.labeled = new boolean[tasks][capacity];
        this.labeledCount = new int[capacity];
        this.featureSets = new int[capacity];
        this.inputsSeen = new boolean[capacity];
        this.weights = new float[capacity];
        this.members = new String[tasks][capacity];
    }

    /** A batch shaped for a model, holding its micro-batch size. */
    public static ExampleBatch forModel(ModelConfig config) {
        return new ExampleBatch(config.training().batchSize(), config.inputWidth(), config.tasks().size());
    }

    /** Appends an example of feature set 0 with no labels yet; returns its row. */
    public int add(float[] inputRow) {
        return add(inputRow, 0);
    }

    /** Appends an example's inputs, feature set and member keys, unlabeled; returns its row. */
    public int add(Example example) {
        int row = add(example.inputs(), example.featureSet());
        if (example.members() != null) {
            for (int t = 0; t < members.length; t++) {
                members[t][row] = example.members()[t];
                anyMember |= members[t][row] != null;
            }
        }
        return row;
    }

    /** Appends an example of feature set {@code featureSet} (its input projection), unlabeled; returns its row. */
    public int add(float[] inputRow, int featureSet) {
        if (size == capacity) {
            throw new IllegalStateException("batch is full (" + capacity + " examples)");
        }
        if (inputRow.length != inputs) {
            throw new IllegalArgumentException("example has " + inputRow.length + " inputs, expected " + inputs);
        }
        System.arraycopy(inputRow, 0, x, size * inputs, inputs);
        for (boolean[] flags : labeled) {
            flags[size] = false;
        }
        for (String[] keys : members) {
            keys[size] = null;
        }
        labeledCount[size] = 0;
        featureSets[size] = featureSet;
        inputsSeen[size] = false;
        weights[size] = 1f;
        return size++;
    }

    /** Labels {@code row} for task {@code task}. */
    public void label(int row, int task, float value) {
        if (!labeled[task][row]) {
            labeledCount[row]++;
        }
        labels[task][row] = value;
        labeled[task][row] = true;
    }

    /**
     * Marks {@code row}'s inputs as already learned into the feature statistics: an event whose label came later
     * was counted when it was served, and must not weigh twice.
     */
    public void markInputsSeen(int row) {
        inputsSeen[row] = true;
    }

    /** Whether {@code row}'s inputs were already learned into the feature statistics. */
    public boolean inputsSeen(int row) {
        return inputsSeen[row];
    }

    /** Weights {@code row}'s loss by {@code weight} (finite, > 0; 1 by default): weight 2 counts the row twice. */
    public void weight(int row, float weight) {
        if (!(weight > 0) || !Float.isFinite(weight)) {
            throw new IllegalArgumentException("example weight " + weight + "; expected a finite weight > 0");
        }
        if (weights[row] == 1f && weight != 1f) {
            weighted++;
        } else if (weights[row] != 1f && weight == 1f) {
            weighted--;
        }
        weights[row] = weight;
    }

    /** The rows' example weights (the first {@link #size()} valid), or null when every row weighs 1. */
    float[] weightsOrNull() {
        return weighted == 0 ? null : weights;
    }

    public void clear() {
        size = 0;
        anyMember = false;
        if (weighted > 0) {
            java.util.Arrays.fill(weights, 1f);
            weighted = 0;
        }
    }

    public int size() {
        return size;
    }

    public int capacity() {
        return capacity;
    }

    public boolean isFull() {
        return size == capacity;
    }

    public int inputs() {
        return inputs;
    }

    /** Whether any task is labeled in {@code row}. */
    public boolean hasLabel(int row) {
        return labeledCount[row] > 0;
    }

    public float input(int row, int column) {
        return x[row * inputs + column];
    }

    public boolean isLabeled(int task, int row) {
        return labeled[task][row];
    }

    public float labelValue(int task, int row) {
        return labels[task][row];
    }

    /** Feature set (input projection) of {@code row}. */
    public int featureSet(int row) {
        return featureSets[row];
    }

    /** {@code row}'s member key in family task {@code task} (null: none). */
    public String member(int task, int row) {
        return members[task][row];
    }

    /** Whether any row has a member key. */
    boolean hasMembers() {
        return anyMember;
    }

    /** The rows' member keys in task {@code task}, shared (the first {@link #size()} are valid). */
    String[] members(int task) {
        return members[task];
    }

    /** Feature sets of the rows, shared (the first {@link #size()} are valid). */
    int[] featureSets() {
        return featureSets;
    }

    /** A copy of one row's inputs. */
    public float[] inputRow(int row) {
        return Arrays.copyOfRange(x, row * inputs, (row + 1) * inputs);
    }
}
