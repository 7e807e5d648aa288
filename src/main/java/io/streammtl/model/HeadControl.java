package io.streammtl.model;

/**
 * What a drift response may do to a task's head, apart from the step itself: scale its learning rate, reset it,
 * or grow a background head beside it and later promote or drop it.
 */
public interface HeadControl {
    /** Multiplies the learning rate of task {@code t}'s head (1 = as configured); drift responses use it. */
    void setHeadLearningRateScale(int t, double scale);

    /** Re-initialises task {@code t}'s head from {@code seed}, forgetting its optimiser state; the trunk is kept. */
    void resetHead(int t, long seed);

    /**
     * Starts a background head for task {@code t} (fresh from {@code seed}), trained on the same batches as the
     * head but without training the trunk; {@link #promoteBackgroundHead} swaps it in.
     */
    void startBackgroundHead(int t, long seed);

    boolean hasBackgroundHead(int t);

    /** Replaces task {@code t}'s head (parameters and optimiser state) with its background head, which ends. */
    void promoteBackgroundHead(int t);

    void dropBackgroundHead(int t);
}
