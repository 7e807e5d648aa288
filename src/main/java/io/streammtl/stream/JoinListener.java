package io.streammtl.stream;

import io.streammtl.config.ExpiryPolicy;

/**
 * What the label join tells the metrics, on the stream thread. Label records it refuses (late, orphan, duplicate,
 * malformed) are counted as dead letters by reason; this adds what a dead-letter count cannot say.
 */
public interface JoinListener {
    /** A listener that ignores everything. */
    JoinListener NONE = new JoinListener() {
    };

    /** A label of task {@code task} met its served event, {@code delayMillis} after the event time. */
    default void onJoined(String model, int task, long delayMillis) {
    }

    /** Task {@code task} of a served event got no label within its TTL. */
    default void onExpired(String model, int task, ExpiryPolicy policy) {
    }

    /** The pending entries of the join's stream task {@code taskId}: how many, and their bytes in the store. */
    default void onPending(String taskId, long entries, long bytes) {
    }
}
