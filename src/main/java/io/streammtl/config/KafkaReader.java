package io.streammtl.config;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Reads the {@code kafka} section; absent keys take {@link KafkaConfig#defaults(String)}, the record checks values. */
final class KafkaReader {
    private KafkaReader() {
    }

    static KafkaConfig kafka(ConfigNode node, String modelName) {
        KafkaConfig d = KafkaConfig.defaults(modelName);
        List<String> inputs = node.has("input_topics") ? node.strings("input_topics") : d.inputTopics();
        String pattern = node.string("input_pattern", null);
        if (pattern != null) {
            if (node.has("input_topics")) {
                throw new ConfigException(node.child("input_pattern"),
                        "give either input_topics or input_pattern, not both");
            }
            checkPattern(node.child("input_pattern"), pattern);
            inputs = List.of();
        }
        Stages stages = node.choice("stages", Stages.class, d.stages());
        // Split predicts with the broadcast model, so its cadence is the model's freshness: a time bound keeps the
        // broadcast at one model per second however fast the learner steps (measured: 2026-12-07-scale-out.md).
        boolean split = stages == Stages.SPLIT;
        KafkaConfig kafka = new KafkaConfig(node.string("application_id", d.applicationId()), inputs, pattern,
                node.bool("keyed_by_model", d.keyedByModel()),
                node.string("predictions_topic", d.predictionsTopic()),
                node.string("snapshots_topic", d.snapshotsTopic()),
                node.string("dead_letter_topic", d.deadLetterTopic()),
                node.string("drift_topic", d.driftTopic()),
                Checks.clampToInt(node.integer("partitions", d.partitions())),
                (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE,
                        node.integer("replication_factor", d.replicationFactor()))),
                node.bool("create_topics", d.createTopics()),
                node.string("state_store", d.stateStore()),
                node.integer("snapshot_every_steps", split ? KafkaConfig.SPLIT_SNAPSHOT_EVERY_STEPS
                        : d.snapshotEverySteps()),
                node.integer("snapshot_every_seconds", split ? KafkaConfig.SPLIT_SNAPSHOT_EVERY_SECONDS
                        : d.snapshotEverySeconds()),
                node.integer("prediction_flush_ms", d.predictionFlushMillis()),
                node.integer("status_every_seconds", d.statusEverySeconds()),
                node.stringMap("streams"),
                modelKeys(node),
                Checks.clampToInt(node.integer("max_id_bytes", d.maxIdBytes())),
                Checks.clampToInt(node.integer("max_record_bytes", d.maxRecordBytes())),
                stages);
        node.rejectUnknownKeys();
        return kafka;
    }

    /** {@code models} (a list), {@code model_pattern} and {@code max_models}; by default only the key "default". */
    private static ModelKeys modelKeys(ConfigNode node) {
        List<String> allowed = node.has("models") ? node.strings("models")
                : node.has("model_pattern") ? List.of() : ModelKeys.defaults().allowed();
        String pattern = node.string("model_pattern", null);
        if (pattern == null && !allowed.isEmpty() && node.has("max_models")) {
            throw new ConfigException(node.child("max_models"),
                    "applies only with model_pattern; the models list already bounds the keys");
        }
        long max = node.integer("max_models", pattern == null ? allowed.size() : Math.max(100, allowed.size()));
        return new ModelKeys(allowed, pattern, Checks.clampToInt(max));
    }

    private static void checkPattern(String path, String pattern) {
        try {
            Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            throw new ConfigException(path, "'" + pattern + "' is not a regular expression: " + e.getDescription());
        }
    }
}
