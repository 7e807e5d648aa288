package io.streammtl.stream;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What a read_committed consumer sees of a topic, from its start to its last stable offset: every partition, each in
 * offset order, partition after partition.
 */
final class CommittedRecords {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private CommittedRecords() {
    }

    /** Every committed record of {@code topic}, partition 0 first, each partition in offset order. */
    static List<ConsumerRecord<byte[], byte[]>> readAll(String servers, String topic) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
            for (TopicPartition partition : partitions) {
                consumer.assign(List.of(partition));
                consumer.seekToBeginning(List.of(partition));
                // Under read_committed the end offset is the last stable offset: every committed record lies before it.
                long end = consumer.endOffsets(List.of(partition)).get(partition);
                long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
                while (consumer.position(partition) < end) {
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError(partition + ": read up to offset " + consumer.position(partition)
                                + " of " + end + " within " + READ_TIMEOUT);
                    }
                    consumer.poll(Duration.ofMillis(200)).forEach(out::add);
                }
            }
        }
        return out;
    }
}
