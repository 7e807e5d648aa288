package io.streammtl.stream;

import io.streammtl.stream.broker.EmbeddedKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Tier 4, on a real KRaft broker: the open transaction of a killed instance (a producer that never ends it, with a
 * transaction timeout far longer than the test) is aborted at once, and another application's is left alone.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DeadInstanceTransactionsTest {
    @TempDir
    Path dir;

    @Test
    void shouldAbortTheApplicationsOpenTransactionsAndLeaveOtherApplicationsAlone() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("broker"));
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                     broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("dead-input", 1, (short) 1))).all().get();
            KafkaProducer<byte[], byte[]> dead = openTransaction(broker, "app-1f2e-1");
            KafkaProducer<byte[], byte[]> other = openTransaction(broker, "other-app-1");

            DeadInstanceTransactions.end(broker.bootstrapServers(), "app", Duration.ofSeconds(30));

            assertEquals(TransactionState.EMPTY, state(admin, "app-1f2e-1"), "fenced: its transaction aborted");
            assertEquals(TransactionState.ONGOING, state(admin, "other-app-1"));
            TopicPartition input = new TopicPartition("dead-input", 0);
            assertEquals(1, admin.describeProducers(List.of(input)).partitionResult(input).get().activeProducers()
                    .stream().filter(p -> p.currentTransactionStartOffset().isPresent()).count(),
                    "only the other application's transaction still holds the partition's stable offset");
            other.abortTransaction();
            other.close();
            dead.close(Duration.ZERO);
        }
    }

    private static KafkaProducer<byte[], byte[]> openTransaction(EmbeddedKafkaBroker broker, String id)
            throws Exception {
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, id,
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 600_000),
                new ByteArraySerializer(), new ByteArraySerializer());
        producer.initTransactions();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>("dead-input", new byte[] {1})).get();
        return producer;
    }

    private static TransactionState state(Admin admin, String id) throws Exception {
        return admin.describeTransactions(List.of(id)).description(id).get().state();
    }
}
