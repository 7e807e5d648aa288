package io.streammtl.stream;

/**
 * What the model broadcast and {@code POST /predict} tell the metrics, from the global thread and the HTTP thread.
 * Implementations must be thread-safe and quick.
 */
public interface ServingListener {
    /** A listener that ignores everything. */
    ServingListener NONE = new ServingListener() {
    };

    /** A snapshot chunk of {@code bytes} arrived on this instance's copy of the model broadcast. */
    default void onBroadcastBytes(long bytes) {
    }

    /** This instance now holds version {@code version} of model {@code key}, taken at {@code createdAt} (epoch ms). */
    default void onModel(String key, long version, long createdAt) {
    }

    /**
     * A {@code /predict} request was answered with {@code status}; for a 200, by a model {@code ageMillis} old (-1 for
     * the seeded version-0 model).
     */
    default void onRequest(int status, long ageMillis) {
    }

    /**
     * The prediction stage ({@code kafka.stages: split}) predicted an event of model {@code key} with version
     * {@code version}, a model {@code ageMillis} old (-1 for the seeded version-0 model); called per event, from the
     * stream threads.
     */
    default void onStagePrediction(String key, long version, long ageMillis) {
    }
}
