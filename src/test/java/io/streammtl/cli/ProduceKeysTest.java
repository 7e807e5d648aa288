package io.streammtl.cli;

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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tier 4, on a real KRaft broker: {@code produce} keys events by model for a single-stage spec (a model's events in
 * one partition, in order, for its one trainer) and by event id for {@code kafka.stages: split}, whose prediction stage
 * takes any key, so that the events spread over every partition and every instance predicts.
 */
@Tag("integration")
class ProduceKeysTest {
    private static final String SPEC = """
            name: keys
            features: [{name: a}]
            tasks: [{name: y, kind: regression}]
            kafka: {application_id: keys, input_topics: [%s], stages: %s}
            """;
    private static final int ROWS = 40;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldKeyByModelForSingleAndByEventIdForSplit(@TempDir Path dir) throws Exception {
        StringBuilder csv = new StringBuilder("a,y\n");
        for (int i = 0; i < ROWS; i++) {
            csv.append(i).append(',').append(i * 0.5).append('\n');
        }
        Path data = Files.writeString(dir.resolve("keys.csv"), csv);
        Codecs codecs = Codecs.create();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("broker"))) {
            String servers = broker.bootstrapServers();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
                admin.createTopics(List.of(new NewTopic("single-in", 3, (short) 1),
                        new NewTopic("split-in", 3, (short) 1))).all().get();
            }
            for (String stages : List.of("single", "split")) {
                Path spec = Files.writeString(dir.resolve(stages + ".yaml"), SPEC.formatted(stages + "-in", stages));
                CommandRun run = CommandRun.of("produce", "--config", spec.toString(), "--data", data.toString(),
                        "--bootstrap-servers", servers);
                assertEquals(0, run.code(), run.err());
                List<ConsumerRecord<String, byte[]>> records = readAll(servers, stages + "-in");
                assertEquals(ROWS, records.size(), stages);
                Set<Integer> partitions = records.stream().map(ConsumerRecord::partition).collect(Collectors.toSet());
                for (ConsumerRecord<String, byte[]> record : records) {
                    var event = codecs.events().decode(record.value());
                    assertEquals(stages.equals("split") ? event.getId() : event.getModel(), record.key(), stages);
                }
                if (stages.equals("split")) {
                    assertTrue(partitions.size() > 1, "ids spread the events: " + partitions);
                } else {
                    assertEquals(1, partitions.size(), "one model, one partition: " + partitions);
                }
            }
        }
    }

    private static List<ConsumerRecord<String, byte[]>> readAll(String servers, String topic) {
        List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1),
                new TopicPartition(topic, 2));
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long end = consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (out.size() < end && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }
}
