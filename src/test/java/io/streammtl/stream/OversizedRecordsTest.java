package io.streammtl.stream;

import io.streammtl.avro.LabeledEvent;
import io.streammtl.config.ServiceConfig;
import io.streammtl.config.ModelConfigLoader;
import io.streammtl.stream.broker.EmbeddedKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tier 4, on a real KRaft broker: the three records that used to crash-loop the service (a value near 1 MiB whose dead
 * letter no longer fit, an event with 14,000 unknown feature names whose detail header listed them all, an event with
 * a 700 KB id that keyed its prediction) become bounded dead letters, the service keeps running, and the valid events
 * after them get their predictions. Under at-least-once, an output the broker refuses is counted by the production
 * handler, and the stream thread lives on.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("integration")
class OversizedRecordsTest {
    private static final String SPEC = """
            name: %1$s
            seed: 3
            features: [{name: a}, {name: b}, {name: color, type: categorical, vocabulary: [red, blue]}]
            tasks:
              - {name: y, kind: regression}
              - {name: p, kind: binary}
              - {name: k, kind: multiclass, classes: [lo, mid, hi]}
            trunk: {layers: [8]}
            training: {batch_size: 4}
            kafka:
              application_id: %1$s
              input_topics: [%1$s-events]
              predictions_topic: %1$s-predictions
              snapshots_topic: %1$s-snapshots
              dead_letter_topic: %1$s-dead-letters
              drift_topic: %1$s-drift
              prediction_flush_ms: 50
              models: [m]
            %2$s
            """;

    @TempDir
    Path dir;
    private EmbeddedKafkaBroker broker;
    private final Codecs codecs = Codecs.create();

    @BeforeAll
    void startBroker(@TempDir Path brokerDir) {
        broker = EmbeddedKafkaBroker.start(brokerDir);
    }

    @AfterAll
    void stopBroker() {
        broker.close();
    }

    private KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "2000000"), new ByteArraySerializer(), new ByteArraySerializer());
    }

    private List<ConsumerRecord<byte[], byte[]>> read(String topic, Predicate<List<ConsumerRecord<byte[], byte[]>>> done) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            consumer.seekToBeginning(consumer.assignment());
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!done.test(out) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String key) {
        Header header = record.headers().lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private Set<String> predictedIds(List<ConsumerRecord<byte[], byte[]>> records) {
        Set<String> ids = new TreeSet<>();
        records.forEach(r -> ids.add(codecs.predictions().decode(r.value()).getEventId()));
        return ids;
    }

    private static Set<String> ids(List<LabeledEvent> events) {
        Set<String> ids = new TreeSet<>();
        events.forEach(e -> ids.add(e.getId()));
        return ids;
    }

    private StreamService start(ServiceConfig config, String name) {
        return StreamService.start(config, broker.bootstrapServers(), dir.resolve(name + "-state"), StepListener.NONE,
                Map.of());
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void shouldTurnEachRecordThatCrashLoopedTheServiceIntoABoundedDeadLetterAndKeepPredicting() throws Exception {
        ServiceConfig config = ModelConfigLoader.parse(SPEC.formatted("big", ""));
        try (StreamService service = start(config, "big");
             KafkaProducer<byte[], byte[]> producer = producer()) {
            byte[] nearOneMiB = new byte[1_048_400];
            nearOneMiB[0] = (byte) 0xC3;
            nearOneMiB[1] = 0x01;
            LabeledEvent wide = ServiceTopologyTest.event("wide", "m", 1, 1, "red", Map.of("y", 1.0));
            Map<String, Double> numeric = new HashMap<>(wide.getNumeric());
            for (int i = 0; i < 14_000; i++) {
                numeric.put("extra_feature_number_" + i, (double) i);
            }
            wide.setNumeric(numeric);
            LabeledEvent longId = ServiceTopologyTest.event("i".repeat(700_000), "m", 1, 1, "red", Map.of("y", 1.0));
            producer.send(new ProducerRecord<>("big-events", "m".getBytes(StandardCharsets.UTF_8), nearOneMiB)).get();
            producer.send(new ProducerRecord<>("big-events", "m".getBytes(StandardCharsets.UTF_8),
                    codecs.events().encode(wide))).get();
            producer.send(new ProducerRecord<>("big-events", "m".getBytes(StandardCharsets.UTF_8),
                    codecs.events().encode(longId))).get();
            List<LabeledEvent> valid = ServiceTopologyTest.labeledStream(40, "m", 5);
            for (LabeledEvent event : valid) {
                producer.send(new ProducerRecord<>("big-events", "m".getBytes(StandardCharsets.UTF_8),
                        codecs.events().encode(event)));
            }
            producer.flush();

            List<ConsumerRecord<byte[], byte[]>> predictions = read("big-predictions",
                    list -> predictedIds(list).containsAll(ids(valid)));
            assertEquals(ids(valid), predictedIds(predictions), "every valid event after them is predicted");
            assertEquals(valid.size(), predictions.size(), "once each");
            List<ConsumerRecord<byte[], byte[]>> letters = read("big-dead-letters", list -> list.size() >= 3);
            assertEquals(3, letters.size());
            ConsumerRecord<byte[], byte[]> huge = letters.get(0);
            assertEquals("unknown-schema", header(huge, DeadLetterHandler.REASON_HEADER));
            assertNull(huge.value(), "the value that cannot fit is left out");
            assertEquals("1048400", header(huge, DeadLetterRecord.VALUE_OMITTED_HEADER));
            assertEquals("big-events-0@0", header(huge, DeadLetterHandler.SOURCE_HEADER));
            ConsumerRecord<byte[], byte[]> names = letters.get(1);
            assertEquals("extra-feature", header(names, DeadLetterHandler.REASON_HEADER));
            assertTrue(names.headers().lastHeader(DeadLetterHandler.DETAIL_HEADER).value().length
                    <= DeadLetterRecord.MAX_DETAIL_BYTES);
            assertTrue(names.value().length > 200_000, "the original event still fits, so it is kept");
            assertEquals("id-too-long", header(letters.get(2), DeadLetterHandler.REASON_HEADER));
            assertEquals(KafkaStreams.State.RUNNING, service.state());
            assertNull(service.failure());
            assertEquals(1, service.deadLetters().count(DeadLetterReason.UNKNOWN_SCHEMA));
            assertEquals(1, service.deadLetters().count(DeadLetterReason.EXTRA_FEATURE));
            assertEquals(1, service.deadLetters().count(DeadLetterReason.ID_TOO_LONG));
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void shouldCountOutputsTheBrokerRefusesUnderAtLeastOnceAndKeepTheStreamThread() throws Exception {
        // Exactly-once cannot get past a refused record (the producer's transaction is then in error), which is why
        // the service bounds its outputs before it writes them. At-least-once can: an operator lowers the
        // predictions topic's max.message.bytes while the service runs, and the refused predictions are counted and
        // dropped instead of failing the thread.
        ServiceConfig config = ModelConfigLoader.parse(SPEC.formatted("refused", """
                  streams: {processing.guarantee: at_least_once}
                """));
        try (StreamService service = start(config, "refused");
             KafkaProducer<byte[], byte[]> producer = producer();
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            ConfigResource predictions = new ConfigResource(ConfigResource.Type.TOPIC, "refused-predictions");
            admin.incrementalAlterConfigs(Map.of(predictions, List.of(new AlterConfigOp(
                    new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "64"), AlterConfigOp.OpType.SET))))
                    .all().get();
            for (LabeledEvent event : ServiceTopologyTest.labeledStream(8, "m", 6)) {
                producer.send(new ProducerRecord<>("refused-events", "m".getBytes(StandardCharsets.UTF_8),
                        codecs.events().encode(event)));
            }
            producer.flush();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (service.deadLetters().refused() < 8 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(8, service.deadLetters().refused(), "each refused prediction is counted");

            admin.incrementalAlterConfigs(Map.of(predictions, List.of(new AlterConfigOp(
                    new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, ""), AlterConfigOp.OpType.DELETE))))
                    .all().get();
            List<LabeledEvent> later = ServiceTopologyTest.labeledStream(8, "m", 7).stream()
                    .peek(e -> e.setId("later-" + e.getId())).toList();
            for (LabeledEvent event : later) {
                producer.send(new ProducerRecord<>("refused-events", "m".getBytes(StandardCharsets.UTF_8),
                        codecs.events().encode(event)));
            }
            producer.flush();
            List<ConsumerRecord<byte[], byte[]>> served = read("refused-predictions",
                    list -> predictedIds(list).containsAll(ids(later)));
            assertEquals(ids(later), predictedIds(served), "the same stream thread goes on predicting");
            assertEquals(KafkaStreams.State.RUNNING, service.state());
            assertNull(service.failure());
        }
    }
}
