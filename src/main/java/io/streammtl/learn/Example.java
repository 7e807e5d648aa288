package io.streammtl.learn;

/**
 * One encoded example: model inputs before standardisation and, per task, a label where
 * {@code labeled[t]} (regression value, binary 0/1, multiclass class index); {@code line} locates its source.
 */
public record Example(long line, float[] inputs, float[] labels, boolean[] labeled) {
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
