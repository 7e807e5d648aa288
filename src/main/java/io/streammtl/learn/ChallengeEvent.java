package io.streammtl.learn;

/**
 * The end of a drift challenger's race on task {@code task} (the task whose drift started it): {@code ADOPTED}, it
 * replaced the model, or {@code DROPPED}, significantly worse or not better within the race's bound; after
 * {@code examples} paired examples, with both models' mean normalised loss over the last window, the paired test's
 * p-value (of "better" for an adoption, of "worse" for a drop, NaN for a drop at the bound) and the model version
 * after the decision.
 */
public record ChallengeEvent(Kind kind, int task, String taskName, long examples, double loss, double modelLoss,
                             double pValue, long modelVersion) {
    /** What became of the challenger. */
    public enum Kind { ADOPTED, DROPPED }
}
