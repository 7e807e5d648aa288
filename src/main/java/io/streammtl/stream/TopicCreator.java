package io.streammtl.stream;

import io.streammtl.config.KafkaConfig;
import io.streammtl.config.LabelsConfig;
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
 * dead letters, drift, and the compacted snapshots topic; with delayed labels, the labels topics and the joined
 * topic, which the trainer reads beside its input and so must have as many partitions; otherwise names the missing
 * ones in a clear error.
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

    /** The topics delayed labels need: the labels topics, and the joined topic with {@code trainerPartitions}. */
    public static List<NewTopic> required(KafkaConfig kafka, LabelsConfig labels, int trainerPartitions) {
        List<NewTopic> topics = new ArrayList<>();
        for (String topic : labels.topics()) {
            topics.add(new NewTopic(topic, kafka.partitions(), kafka.replicationFactor()));
        }
        topics.add(new NewTopic(labels.joinedTopic(), trainerPartitions, kafka.replicationFactor()));
        return topics;
    }

    /**
     * Waits until the broker describes every topic just created: creation returns once the controller has it, and
     * a describe sent right after (the write limit reads the topics' configs next) may still find it unknown.
     */
    private static void awaitVisible(Admin admin, List<String> names) throws InterruptedException,
            ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)
                        || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    /** Partitions of the trainer's input: the first input topic's if it exists, else those it will be created with. */
    private static int trainerPartitions(Admin admin, KafkaConfig kafka, Set<String> existing) throws
            ExecutionException, InterruptedException, TimeoutException {
        if (!kafka.inputTopics().isEmpty() && existing.contains(kafka.inputTopics().get(0))) {
            return partitions(admin, kafka.inputTopics().get(0));
        }
        return kafka.partitions();
    }

    private static int partitions(Admin admin, String topic) throws ExecutionException, InterruptedException,
            TimeoutException {
        return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic)
                .partitions().size();
    }

    /** Creates what is missing, or fails naming it when creation is not allowed; returns the names created. */
    public static List<String> ensure(KafkaConfig kafka, String bootstrapServers) {
        return ensure(kafka, null, bootstrapServers);
    }

    /**
     * Creates what is missing of the service's topics and, if {@code labels} is not null, of those of delayed
     * labels; fails naming what is missing when creation is not allowed, or a joined topic whose partitions differ
     * from the trainer's input.
     */
    public static List<String> ensure(KafkaConfig kafka, LabelsConfig labels, String bootstrapServers) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> wanted = new ArrayList<>(required(kafka));
            if (labels != null) {
                int trainer = trainerPartitions(admin, kafka, existing);
                wanted.addAll(required(kafka, labels, trainer));
                if (existing.contains(labels.joinedTopic())) {
                    int joined = partitions(admin, labels.joinedTopic());
                    if (joined != trainer) {
                        throw new IllegalStateException("topic " + labels.joinedTopic() + " has " + joined
                                + " partitions, the trainer's input " + trainer + "; they must match (delete it, or"
                                + " set labels.joined_topic to a new name)");
                    }
                }
            }
            List<NewTopic> missing = wanted.stream().filter(t -> !existing.contains(t.name())).toList();
            if (missing.isEmpty()) {
                return List.of();
            }
            List<String> names = missing.stream().map(NewTopic::name).toList();
            if (!kafka.createTopics()) {
                throw new IllegalStateException("topics missing on " + bootstrapServers + ": " + names
                        + " (kafka.create_topics is false)");
            }
            admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            awaitVisible(admin, names);
            return names;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create topics on " + bootstrapServers + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }
}
