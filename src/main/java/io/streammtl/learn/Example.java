package io.streammtl.learn;

/**
 * One encoded example: model inputs before standardisation and, per task, a label where
 * {@code labeled[t]} (regression value, binary 0/1, multiclass class index); {@code line} locates its source;
 * {@code featureSet} is the feature set (input projection) it is encoded for, 0 where tasks share all features;
 * {@code members[t]} is its member key in family task t (null: not a family, or no key), the array null where the
 * spec has no family.
 */
public record Example(long line, float[] inputs, float[] labels, boolean[] labeled, int featureSet, String[] members) {
    /** An example of feature set 0 (the only one where no task declares its own features). */
    public Example(long line, float[] inputs, float[] labels, boolean[] labeled) {
        this(line, inputs, labels, labeled, 0);
    }

    /** An example of no task family. */
    public Example(long line, float[] inputs, float[] labels, boolean[] labeled, int featureSet) {
        this(line, inputs, labels, labeled, featureSet, null);
    }

    /** Its member key in task {@code t} (null: none). */
    public String member(int t) {
        return members == null ? null : members[t];
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
