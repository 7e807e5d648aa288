package io.streammtl.stream.broker;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("integration")
class EmbeddedKafkaBrokerTest {

    @TempDir
    Path dataDirectory;

    @BeforeAll
    static void failInsteadOfHaltingTheTestJvm() {
        Exit.setHaltProcedure((status, message) -> {
            throw new IllegalStateException("Kafka tried to halt the JVM (" + status + "): " + message);
        });
    }

    @AfterAll
    static void restoreHalt() {
        Exit.resetHaltProcedure();
    }

    @Test
    void shouldRoundTripRecordsThroughACreatedTopicOnLoopback() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDirectory)) {
            assertTrue(broker.bootstrapServers().matches("127\\.0\\.0\\.1:\\d+"), broker.bootstrapServers());
            TopicClients.createTopic(broker.bootstrapServers(), "events");

            TopicClients.produce(broker.bootstrapServers(), "events", List.of("a", "b", "c"));

            assertEquals(List.of("a", "b", "c"),
                    TopicClients.readAll(broker.bootstrapServers(), "events", IsolationLevel.READ_UNCOMMITTED));
        }
    }

    @Test
    void shouldNotCreateATopicThatAClientMerelyAsksFor() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDirectory)) {
            TopicClients.lookUpPartitions(broker.bootstrapServers(), "never-created");

            assertFalse(TopicClients.topicNames(broker.bootstrapServers()).contains("never-created"));
        }
    }

    @Test
    void shouldShowReadCommittedConsumersOnlyCommittedTransactionalRecords() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDirectory)) {
            String servers = broker.bootstrapServers();
            TopicClients.createTopic(servers, "updates");

            try (KafkaProducer<String, String> producer = TopicClients.producer(servers, "updates-writer")) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("updates", "committed-1"));
                producer.send(new ProducerRecord<>("updates", "committed-2"));
                producer.commitTransaction();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("updates", "aborted"));
                producer.flush();
                producer.abortTransaction();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("updates", "committed-3"));
                producer.commitTransaction();
            }

            assertEquals(List.of("committed-1", "committed-2", "committed-3"),
                    TopicClients.readAll(servers, "updates", IsolationLevel.READ_COMMITTED));
            // The aborted record did reach the log; only the isolation level hides it.
            assertTrue(TopicClients.readAll(servers, "updates", IsolationLevel.READ_UNCOMMITTED).contains("aborted"));
        }
    }

    @Test
    void shouldKeepTopicsAndRecordsAcrossRestartOnSameDirectory() throws Exception {
        String firstAddress;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDirectory)) {
            firstAddress = broker.bootstrapServers();
            TopicClients.createTopic(firstAddress, "kept");
            TopicClients.produce(firstAddress, "kept", List.of("before-restart-1", "before-restart-2"));
        }

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDirectory)) {
            assertTrue(TopicClients.topicNames(broker.bootstrapServers()).contains("kept"));
            assertEquals(List.of("before-restart-1", "before-restart-2"),
                    TopicClients.readAll(broker.bootstrapServers(), "kept", IsolationLevel.READ_UNCOMMITTED));
            assertEquals(firstAddress, broker.bootstrapServers(), "the free client port of the last run is reused");
        }
    }

    @Test
    void shouldReleaseItsPortOnCloseAndIgnoreASecondClose() throws Exception {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDirectory);
        int port = Integer.parseInt(broker.bootstrapServers().substring(broker.bootstrapServers().indexOf(':') + 1));

        broker.close();

        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            assertDoesNotThrow(() -> socket.bind(new InetSocketAddress(BrokerSettings.HOST, port)));
        }
        assertDoesNotThrow(broker::close);
    }

    @Test
    void shouldNameTheDataDirectoryWhenItCannotBeCreated() throws Exception {
        Path blocker = Files.writeString(dataDirectory.resolve("a-file"), "not a directory");
        Path impossible = blocker.resolve("broker");

        EmbeddedBrokerException failure =
                assertThrows(EmbeddedBrokerException.class, () -> EmbeddedKafkaBroker.start(impossible));

        assertTrue(failure.getMessage().contains(impossible.toString()), failure.getMessage());
        assertEquals(impossible, failure.dataDirectory());
    }

    @Test
    void shouldRefuseStorageFormattedForAnotherNode() throws Exception {
        Path logDirectory = dataDirectory.resolve(EmbeddedKafkaBroker.LOG_DIRECTORY);
        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(7)
                .setClusterId(Uuid.randomUuid().toString())
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .setControllerListenerName(BrokerSettings.CONTROLLER_LISTENER)
                .setMetadataLogDirectory(logDirectory.toString())
                .addDirectory(logDirectory.toString())
                .run();

        EmbeddedBrokerException failure =
                assertThrows(EmbeddedBrokerException.class, () -> EmbeddedKafkaBroker.start(dataDirectory));

        assertTrue(failure.getMessage().contains(dataDirectory.toString()), failure.getMessage());
        assertTrue(failure.getMessage().contains("node id"), failure.getMessage());
    }

    @Test
    void shouldRefuseASecondBrokerOnADirectoryInUseAndKeepTheFirstServing() throws Exception {
        try (EmbeddedKafkaBroker first = EmbeddedKafkaBroker.start(dataDirectory)) {
            TopicClients.createTopic(first.bootstrapServers(), "shared");

            EmbeddedBrokerException failure =
                    assertThrows(EmbeddedBrokerException.class, () -> EmbeddedKafkaBroker.start(dataDirectory));

            assertTrue(failure.getMessage().contains("in use"), failure.getMessage());
            TopicClients.produce(first.bootstrapServers(), "shared", List.of("still-served"));
            assertEquals(List.of("still-served"),
                    TopicClients.readAll(first.bootstrapServers(), "shared", IsolationLevel.READ_UNCOMMITTED));
        }
    }
}
