package io.streammtl.model;

/**
 * How a model state written under an older spec maps onto this model, by name: {@code taskOf[old]} is the old task's
 * index now (-1: removed; its head and background head are dropped), {@code inputRowOf[old]} the trunk's first-layer
 * input row of an old input column now (-1: the feature was removed; null: the inputs are unchanged), rows no old
 * column maps to start at zero so a new feature changes no prediction; {@code keepTaskState} keeps task weighting
 * and regulariser state, which only fits an unchanged task set.
 */
public record StateMapping(int[] taskOf, int[] inputRowOf, boolean keepTaskState) {
    public StateMapping {
        taskOf = taskOf.clone();
        inputRowOf = inputRowOf == null ? null : inputRowOf.clone();
    }
}
