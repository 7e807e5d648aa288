package io.streammtl.learn.auto;

/**
 * A change in which variants learn or serve, as of the {@code example}-th paired labeled example: a challenger
 * {@code PROMOTED} over {@code champion}, a challenger {@code PRUNED} as worse than {@code champion}, or a waiting
 * variant {@code STARTED} in a pruned one's place; with both window mean losses and the test's p-value (NaN for
 * a start).
 */
public record SelectionEvent(Kind kind, long example, String variant, String champion, double loss,
                             double championLoss, double pValue) {
    /** What happened to {@code variant}. */
    public enum Kind { PROMOTED, PRUNED, STARTED }
}
