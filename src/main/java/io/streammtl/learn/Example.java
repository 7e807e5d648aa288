package io.streammtl.learn;

/**
 * One encoded example: model inputs before standardisation and, per task, a label where
 * {@code labeled[t]} (regression value, binary 0/1, multiclass class index); {@code line} locates its source;
 * {@code group} is the feature set (input projection) it is encoded for, 0 where tasks share all features.
 */
public record Example(long line, float[] inputs, float[] labels, boolean[] labeled, int featureSet) {
    /** An example of feature set 0 (the only one where no task declares its own features). */
    public Example(long line, float[] inputs, float[] labels, boolean[] labeled) {
        this(line, inputs, labels, labeled, 0);
    }

    /** Whether task {@code t} is labeled. */
    public boolean hasLabel(int t) {
        return labeled[t];
    }

    /** Whether any task is labeled. */
    public boolean hasAnyLabel() {
        for (boolean flag : labeled) {
            if (flag) {
                return true;
            }
        }
        return false;
    }
}
