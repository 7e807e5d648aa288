package io.streammtl.cli;

import io.streammtl.avro.LabelEvent;
import io.streammtl.avro.LabeledEvent;
import io.streammtl.stream.Codecs;
import io.streammtl.stream.broker.EmbeddedKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tier 4, on a real KRaft broker: {@code produce --label-delay fixed:200ms --label-fraction 0.5} sends every row now
 * without its delayed label, and about half of those labels later, each keyed and identified by its event; paced
 * at 200 events/s, so labels fall due while events are still going out.
 */
@Tag("integration")
class ProduceLabelDelayTest {
    private static final String SPEC = """
            name: late
            features: [{name: a}, {name: b}]
            tasks:
              - {name: y, kind: regression, label_ttl: 1m}
              - {name: p, kind: binary}
            kafka:
              application_id: late
              input_topics: [late-events]
            labels: {topics: [late-labels]}
            """;
    private static final int ROWS = 60;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldSendEventsNowAndAboutHalfTheirDelayedLabelsAtLeastTheDelayLater(@TempDir Path dir) throws Exception {
        Path spec = Files.writeString(dir.resolve("late.yaml"), SPEC);
        StringBuilder csv = new StringBuilder("a,b,y,p\n");
        for (int i = 0; i < ROWS; i++) {
            csv.append(i).append(',').append(i % 7).append(',').append(i * 0.5).append(',').append(i % 2).append('\n');
        }
        Path data = Files.writeString(dir.resolve("late.csv"), csv);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("broker"))) {
            String servers = broker.bootstrapServers();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
                admin.createTopics(List.of(new NewTopic("late-events", 1, (short) 1),
                        new NewTopic("late-labels", 1, (short) 1))).all().get();
            }
            CommandRun run = CommandRun.of("produce", "--config", spec.toString(), "--data", data.toString(),
                    "--bootstrap-servers", servers, "--label-delay", "fixed:200ms", "--label-fraction", "0.5",
                    "--seed", "3", "--rate", "200");
            assertEquals(0, run.code(), run.err());
            Codecs codecs = Codecs.create();
            Map<String, ConsumerRecord<String, byte[]>> events = new HashMap<>();
            for (ConsumerRecord<String, byte[]> record : readAll(servers, "late-events")) {
                LabeledEvent event = codecs.events().decode(record.value());
                assertFalse(event.getLabels().containsKey("y"), "the delayed task's label is held back");
                assertTrue(event.getLabels().containsKey("p"), "the other task's label stays in the event");
                events.put(event.getId(), record);
            }
            assertEquals(ROWS, events.size(), "one event per row, ids unique");
            List<ConsumerRecord<String, byte[]>> labels = readAll(servers, "late-labels");
            assertTrue(labels.size() > ROWS / 4 && labels.size() < ROWS * 3 / 4, "about half: " + labels.size());
            assertTrue(run.out().contains("sent " + labels.size() + " labels to late-labels, withheld "
                    + (ROWS - labels.size())), run.out());
            for (ConsumerRecord<String, byte[]> record : labels) {
                LabelEvent label = codecs.labels().decode(record.value());
                ConsumerRecord<String, byte[]> event = events.get(label.getId());
                assertNotNull(event, "a label of an event sent: " + label.getId());
                assertEquals(label.getId(), record.key());
                assertEquals(List.of("y"), List.copyOf(label.getLabels().keySet()));
                LabeledEvent sent = codecs.events().decode(event.value());
                assertEquals(sent.getModel(), label.getModel());
                assertNull(label.getWeight());
                assertEquals(record.timestamp(), label.getLabelTime().toEpochMilli(), "label time = when sent");
                assertTrue(record.timestamp() >= event.timestamp() + 200,
                        "sent " + (record.timestamp() - event.timestamp()) + " ms after its event");
            }
        }
    }

    private static List<ConsumerRecord<String, byte[]>> readAll(String servers, String topic) {
        TopicPartition partition = new TopicPartition(topic, 0);
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (consumer.position(partition) < end && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }
}
