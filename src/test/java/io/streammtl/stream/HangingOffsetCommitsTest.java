package io.streammtl.stream;

import io.streammtl.stream.broker.EmbeddedKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.TxnOffsetCommitRequest;
import org.apache.kafka.common.requests.TxnOffsetCommitResponse;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tier 4, on a real KRaft broker: a transactional offset commit left open on the group's offsets partition while its
 * coordinator has already ended the transaction (the state a kill -9 of the service and its embedded broker left:
 * committed offsets "unstable" for ever). It is made by committing offsets outside the coordinator's knowledge, which
 * the broker allows once partition verification is off.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class HangingOffsetCommitsTest {
    private static final String GROUP = "hanging-group";
    private static final TopicPartition INPUT = new TopicPartition("hanging-input", 0);

    @TempDir
    Path dir;

    private EmbeddedKafkaBroker broker;
    private Admin admin;

    @BeforeEach
    void startBroker() throws Exception {
        broker = EmbeddedKafkaBroker.start(dir.resolve("broker"));
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
        admin.createTopics(List.of(new NewTopic(INPUT.topic(), 1, (short) 1))).all().get();
        admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.BROKER, ""), List.of(
                new AlterConfigOp(new ConfigEntry("transaction.partition.verification.enable", "false"),
                        AlterConfigOp.OpType.SET)))).all().get();
    }

    @AfterEach
    void stopBroker() {
        admin.close();
        broker.close();
    }

    @Test
    void shouldCommitAHangingOffsetCommitWhoseCoordinatorCommittedTheTransaction() throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = producer("committed")) {
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(INPUT.topic(), new byte[] {1})).get();
            commitOffsetOutsideTheTransaction("committed", 42);
            producer.commitTransaction();
        }
        assertUnstable();

        List<HangingOffsetCommits.Resolution> resolved = HangingOffsetCommits.resolve(admin, GROUP,
                Duration.ofSeconds(30));

        assertEquals(1, resolved.size(), resolved.toString());
        assertEquals(HangingOffsetCommits.Verdict.COMMIT, resolved.get(0).verdict());
        assertEquals(42, stableOffset().offset(), "the coordinator committed it: its offset must count");
        assertEquals(0, openTransactions());
        assertTrue(HangingOffsetCommits.resolve(admin, GROUP, Duration.ofSeconds(30)).isEmpty(),
                "a second check finds nothing left to end");
    }

    @Test
    void shouldAbortAHangingOffsetCommitWhoseOutcomeTheCoordinatorNoLongerKnows() throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = producer("forgotten")) {
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(INPUT.topic(), new byte[] {1})).get();
            commitOffsetOutsideTheTransaction("forgotten", 7);
            producer.commitTransaction();
            // A later transaction moves the coordinator's epoch on: it no longer says how the first one ended.
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(INPUT.topic(), new byte[] {2})).get();
            producer.commitTransaction();
        }
        assertUnstable();

        List<HangingOffsetCommits.Resolution> resolved = HangingOffsetCommits.resolve(admin, GROUP,
                Duration.ofSeconds(30));

        assertEquals(1, resolved.size(), resolved.toString());
        assertEquals(HangingOffsetCommits.Verdict.UNKNOWN, resolved.get(0).verdict());
        assertEquals(0, openTransactions());
        assertNull(stableOffset(), "an aborted offset commit leaves the group without a committed offset");
    }

    @Test
    void shouldWaitForATransactionItsCoordinatorHasNotEndedYet() throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = producer("open")) {
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(INPUT.topic(), new byte[] {1})).get();
            commitOffsetOutsideTheTransaction("open", 5);

            assertTrue(HangingOffsetCommits.resolve(admin, GROUP, Duration.ofSeconds(1)).isEmpty(),
                    "an open transaction is its coordinator's to end");
            assertEquals(1, openTransactions());
        }
    }

    private KafkaProducer<byte[], byte[]> producer(String transactionalId) {
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId),
                new ByteArraySerializer(), new ByteArraySerializer());
        producer.initTransactions();
        return producer;
    }

    /** A transactional offset commit with the producer's id and epoch that the coordinator is not told of. */
    private void commitOffsetOutsideTheTransaction(String transactionalId, long offset) throws Exception {
        TransactionDescription ongoing = admin.describeTransactions(List.of(transactionalId))
                .description(transactionalId).get();
        Node coordinator = admin.describeCluster().nodes().get().iterator().next();
        TxnOffsetCommitRequest.Builder request = new TxnOffsetCommitRequest.Builder(transactionalId, GROUP,
                ongoing.producerId(), (short) ongoing.producerEpoch(),
                Map.of(INPUT, new TxnOffsetCommitRequest.CommittedOffset(offset, "", Optional.empty())), false);
        // The offsets topic and its coordinator come with the first request for a group: wait until they serve.
        admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get();
        Errors error = Errors.NOT_COORDINATOR;
        for (int attempt = 0; attempt < 100 && error != Errors.NONE; attempt++) {
            TxnOffsetCommitResponse response = (TxnOffsetCommitResponse) BrokerRequest.send(coordinator, request,
                    Duration.ofSeconds(10));
            error = response.errors().get(INPUT);
            if (error != Errors.NONE && !error.exception().getClass().getSimpleName().contains("Coordinator")) {
                break;
            }
            Thread.sleep(100);
        }
        assertEquals(Errors.NONE, error);
    }

    /** The group's offset is held back (an unstable offset is left out of the answer) by an open transaction. */
    private void assertUnstable() throws Exception {
        assertNull(stableOffset(), "a pending offset commit must not count yet");
        assertEquals(1, openTransactions(), "the offset commit must hold a transaction open on the offsets partition");
    }

    private long openTransactions() throws Exception {
        String offsets = HangingOffsetCommits.OFFSETS_TOPIC;
        int partitions = admin.describeTopics(List.of(offsets)).allTopicNames().get().get(offsets).partitions().size();
        TopicPartition partition = new TopicPartition(offsets, Math.abs(GROUP.hashCode()) % partitions);
        return admin.describeProducers(List.of(partition)).partitionResult(partition).get().activeProducers().stream()
                .filter(p -> p.currentTransactionStartOffset().isPresent()).count();
    }

    private OffsetAndMetadata stableOffset() throws Exception {
        return admin.listConsumerGroupOffsets(GROUP, new ListConsumerGroupOffsetsOptions().requireStable(true))
                .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS).get(INPUT);
    }
}
