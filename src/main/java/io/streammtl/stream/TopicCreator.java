package io.streammtl.stream;

import io.streammtl.config.KafkaConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates the service's missing topics at start-up (when the spec allows it): input topics, predictions,
 * dead letters, drift, and the compacted snapshots topic; otherwise names the missing ones in a clear error.
 */
public final class TopicCreator {
    private TopicCreator() {
    }

    /** The topics the service needs, with their settings. */
    public static List<NewTopic> required(KafkaConfig kafka) {
        List<NewTopic> topics = new ArrayList<>();
        for (String input : kafka.inputTopics()) {
            topics.add(new NewTopic(input, kafka.partitions(), kafka.replicationFactor()));
        }
        topics.add(new NewTopic(kafka.predictionsTopic(), kafka.partitions(), kafka.replicationFactor()));
        topics.add(new NewTopic(kafka.deadLetterTopic(), kafka.partitions(), kafka.replicationFactor()));
        topics.add(new NewTopic(kafka.driftTopic(), kafka.partitions(), kafka.replicationFactor()));
        topics.add(new NewTopic(kafka.snapshotsTopic(), 1, kafka.replicationFactor())
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
        return topics;
    }

    /** Creates what is missing, or fails naming it when creation is not allowed; returns the names created. */
    public static List<String> ensure(KafkaConfig kafka, String bootstrapServers) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = required(kafka).stream().filter(t -> !existing.contains(t.name())).toList();
            if (missing.isEmpty()) {
                return List.of();
            }
            List<String> names = missing.stream().map(NewTopic::name).toList();
            if (!kafka.createTopics()) {
                throw new IllegalStateException("topics missing on " + bootstrapServers + ": " + names
                        + " (kafka.create_topics is false)");
            }
            admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            return names;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create topics on " + bootstrapServers + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }
}
