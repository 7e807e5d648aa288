package io.streammtl.config;

import java.util.List;
import java.util.Map;

/**
 * Where the service reads and writes: topics (a list or a pattern for input; predictions, snapshots, dead
 * letters, drift), partitions, whether it may create missing topics, state-store name, snapshot and status
 * cadences, the early prediction flush, raw Kafka Streams overrides, the accepted model keys, the bounds on what
 * the service writes and whether prediction and learning run as one stage or two ({@link Stages}). Plain values only: no Kafka imports.
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
        Map<String, String> streams,
        ModelKeys modelKeys,
        int maxIdBytes,
        int maxRecordBytes,
        Stages stages) {

    /** Event ids longer than this (UTF-8 bytes) are dead-lettered: the prediction is keyed by the id. */
    public static final int DEFAULT_MAX_ID_BYTES = 1024;
    /**
     * The largest record the service writes: below both the producer's default {@code max.request.size} (1 MiB) and
     * the broker's default {@code message.max.bytes} (1 MiB + 12 B), with room for the batch framing.
     */
    public static final int DEFAULT_MAX_RECORD_BYTES = 1_000_000;
    /** With {@code stages: split}, snapshots (the model broadcast) go by time only unless the spec says otherwise. */
    public static final long SPLIT_SNAPSHOT_EVERY_STEPS = 0;
    /** With {@code stages: split}, a new model reaches the prediction stage about once a second. */
    public static final long SPLIT_SNAPSHOT_EVERY_SECONDS = 1;
    /** Smallest accepted {@code max_record_bytes}: the 512 KiB chunks of model state and snapshots must fit. */
    public static final int MIN_RECORD_BYTES = 600_000;

    public KafkaConfig {
        inputTopics = List.copyOf(inputTopics);
        streams = Map.copyOf(streams);
        Checks.kafkaName("kafka.application_id", applicationId);
        if (inputPattern == null && inputTopics.isEmpty()) {
            throw new ConfigException("kafka.input_topics", "empty; expected at least one topic");
        }
        for (int i = 0; i < inputTopics.size(); i++) {
            Checks.kafkaName("kafka.input_topics[" + i + "]", inputTopics.get(i));
        }
        Checks.kafkaName("kafka.predictions_topic", predictionsTopic);
        Checks.kafkaName("kafka.snapshots_topic", snapshotsTopic);
        Checks.kafkaName("kafka.dead_letter_topic", deadLetterTopic);
        Checks.kafkaName("kafka.drift_topic", driftTopic);
        Checks.kafkaName("kafka.state_store", stateStore);
        if (stages == null) {
            throw new ConfigException("kafka.stages", "missing; expected one of single, split");
        }
        Checks.range("kafka.partitions", partitions, 1, 10_000);
        Checks.range("kafka.replication_factor", replicationFactor, 1, 32);
        notNegative("kafka.snapshot_every_steps", snapshotEverySteps);
        notNegative("kafka.snapshot_every_seconds", snapshotEverySeconds);
        if (stages == Stages.SPLIT && snapshotEverySteps == 0 && snapshotEverySeconds == 0) {
            throw new ConfigException("kafka.snapshot_every_seconds", "0 with snapshot_every_steps 0 would never "
                    + "broadcast the model, and stages: split predicts with the broadcast model; set either above 0");
        }
        notNegative("kafka.prediction_flush_ms", predictionFlushMillis);
        notNegative("kafka.status_every_seconds", statusEverySeconds);
        if (maxRecordBytes < MIN_RECORD_BYTES) {
            throw new ConfigException("kafka.max_record_bytes", maxRecordBytes + " is out of range; expected "
                    + MIN_RECORD_BYTES + " to " + Integer.MAX_VALUE
                    + " (keep it at or below the producer's max.request.size and the topics' max.message.bytes)");
        }
        if (maxIdBytes < 1 || maxIdBytes > maxRecordBytes / 4) {
            throw new ConfigException("kafka.max_id_bytes", maxIdBytes + " is out of range; expected 1 to "
                    + maxRecordBytes / 4 + " (a quarter of max_record_bytes)");
        }
    }


    private static void notNegative(String path, long value) {
        if (value < 0) {
            throw new ConfigException(path, value + " is negative; expected 0 (off) or more");
        }
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
                stateStore, snapshotEverySteps, snapshotEverySeconds, predictionFlushMillis, statusEverySeconds, merged,
                modelKeys, maxIdBytes, maxRecordBytes, stages);
    }

    /** A copy with one more Kafka Streams setting (e.g. a flag the processors read from their app configs). */
    public KafkaConfig withStreamsSetting(String key, String value) {
        Map<String, String> merged = new java.util.HashMap<>(streams);
        merged.put(key, value);
        return new KafkaConfig(applicationId, inputTopics, inputPattern, keyedByModel, predictionsTopic, snapshotsTopic,
                deadLetterTopic, driftTopic, partitions, replicationFactor, createTopics, stateStore, snapshotEverySteps,
                snapshotEverySeconds, predictionFlushMillis, statusEverySeconds, merged, modelKeys, maxIdBytes,
                maxRecordBytes, stages);
    }

    /** A copy with other snapshot cadences. */
    public KafkaConfig withSnapshots(long everySteps, long everySeconds) {
        return new KafkaConfig(applicationId, inputTopics, inputPattern, keyedByModel, predictionsTopic, snapshotsTopic,
                deadLetterTopic, driftTopic, partitions, replicationFactor, createTopics, stateStore, everySteps,
                everySeconds, predictionFlushMillis, statusEverySeconds, streams, modelKeys, maxIdBytes, maxRecordBytes,
                stages);
    }

    /** A copy writing records of at most {@code bytes} (the limit found at start-up may be below the spec's). */
    public KafkaConfig withMaxRecordBytes(int bytes) {
        return new KafkaConfig(applicationId, inputTopics, inputPattern, keyedByModel, predictionsTopic, snapshotsTopic,
                deadLetterTopic, driftTopic, partitions, replicationFactor, createTopics, stateStore, snapshotEverySteps,
                snapshotEverySeconds, predictionFlushMillis, statusEverySeconds, streams, modelKeys,
                Math.min(maxIdBytes, bytes / 4), bytes, stages);
    }

    /** A copy running {@code other} stages. */
    public KafkaConfig withStages(Stages other) {
        return new KafkaConfig(applicationId, inputTopics, inputPattern, keyedByModel, predictionsTopic, snapshotsTopic,
                deadLetterTopic, driftTopic, partitions, replicationFactor, createTopics, stateStore, snapshotEverySteps,
                snapshotEverySeconds, predictionFlushMillis, statusEverySeconds, streams, modelKeys, maxIdBytes,
                maxRecordBytes, other);
    }

    /** A copy accepting other model keys. */
    public KafkaConfig withModelKeys(ModelKeys keys) {
        return new KafkaConfig(applicationId, inputTopics, inputPattern, keyedByModel, predictionsTopic, snapshotsTopic,
                deadLetterTopic, driftTopic, partitions, replicationFactor, createTopics, stateStore, snapshotEverySteps,
                snapshotEverySeconds, predictionFlushMillis, statusEverySeconds, streams, keys, maxIdBytes,
                maxRecordBytes, stages);
    }

    /** Defaults derived from the model name: {@code <name>-events} in, {@code <name>-predictions} out, and so on. */
    public static KafkaConfig defaults(String modelName) {
        return new KafkaConfig("streammtl-" + modelName, List.of(modelName + "-events"), null, true,
                modelName + "-predictions", modelName + "-snapshots", modelName + "-dead-letters", modelName + "-drift",
                1, (short) 1, true, "model-state", 1000, 60, 100, 10, Map.of(), ModelKeys.defaults(),
                DEFAULT_MAX_ID_BYTES, DEFAULT_MAX_RECORD_BYTES, Stages.SINGLE);
    }
}
