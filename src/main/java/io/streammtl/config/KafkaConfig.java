package io.streammtl.config;

import java.util.List;
import java.util.Map;

/**
 * Where the service reads and writes: topics (a list or a pattern for input; predictions, snapshots, dead
 * letters, drift), partitions, whether it may create missing topics, state-store name, snapshot and status
 * cadences, the early prediction flush, and raw Kafka Streams overrides. Plain values only: no Kafka imports.
 */
public record KafkaConfig(
        String applicationId,
        List<String> inputTopics,
        String inputPattern,
        boolean keyedByModel,
        String predictionsTopic,
        String snapshotsTopic,
        String deadLetterTopic,
        String driftTopic,
        int partitions,
        short replicationFactor,
        boolean createTopics,
        String stateStore,
        long snapshotEverySteps,
        long snapshotEverySeconds,
        long predictionFlushMillis,
        long statusEverySeconds,
        Map<String, String> streams) {

    public KafkaConfig {
        inputTopics = List.copyOf(inputTopics);
        streams = Map.copyOf(streams);
    }

    /**
     * A copy for a separate run on other topics (benchmarks, the demo): application id, input, outputs and extra
     * Streams settings replaced.
     */
    public KafkaConfig forRun(String application, String input, String prefix, Map<String, String> extraStreams) {
        Map<String, String> merged = new java.util.HashMap<>(streams);
        merged.putAll(extraStreams);
        return new KafkaConfig(application, List.of(input), null, keyedByModel, prefix + "-predictions",
                prefix + "-snapshots", prefix + "-dead-letters", prefix + "-drift", partitions, replicationFactor, true,
                stateStore, snapshotEverySteps, snapshotEverySeconds, predictionFlushMillis, statusEverySeconds, merged);
    }

    /** A copy with other snapshot cadences. */
    public KafkaConfig withSnapshots(long everySteps, long everySeconds) {
        return new KafkaConfig(applicationId, inputTopics, inputPattern, keyedByModel, predictionsTopic, snapshotsTopic,
                deadLetterTopic, driftTopic, partitions, replicationFactor, createTopics, stateStore, everySteps,
                everySeconds, predictionFlushMillis, statusEverySeconds, streams);
    }

    /** Defaults derived from the model name: {@code <name>-events} in, {@code <name>-predictions} out, and so on. */
    public static KafkaConfig defaults(String modelName) {
        return new KafkaConfig("streammtl-" + modelName, List.of(modelName + "-events"), null, true,
                modelName + "-predictions", modelName + "-snapshots", modelName + "-dead-letters", modelName + "-drift",
                1, (short) 1, true, "model-state", 1000, 60, 100, 10, Map.of());
    }
}
