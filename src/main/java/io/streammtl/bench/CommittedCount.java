package io.streammtl.bench;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.List;

/**
 * How fast {@code expected} committed records reached every partition of a topic: the rate from the first read to
 * the last (start-up excluded), or over the whole wait when all came in one read.
 */
record CommittedCount(long count, long firstNanos, long lastNanos, double ratePerSecond) {
    static CommittedCount await(String servers, String topic, long expected, Duration timeout) {
        try (KafkaConsumer<byte[], byte[]> consumer = BenchKafka.consumer(servers, true)) {
            long started = System.nanoTime();
            long deadline = started + timeout.toNanos();
            List<TopicPartition> partitions = List.of();
            while (partitions.isEmpty() && System.nanoTime() < deadline) {
                partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5)).stream()
                        .map(p -> new TopicPartition(topic, p.partition())).toList();
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long count = 0;
            long firstBatch = 0;
            long first = 0;
            long last = 0;
            while (count < expected && System.nanoTime() < deadline) {
                int got = consumer.poll(Duration.ofMillis(200)).count();
                if (got > 0) {
                    last = System.nanoTime();
                    if (count == 0) {
                        first = last;
                        firstBatch = got;
                    }
                    count += got;
                }
            }
            if (count < expected) {
                throw new IllegalStateException("only " + count + " of " + expected + " records reached " + topic);
            }
            // Everything in one read (a run short enough for one commit) leaves no steady part to time: the rate is
            // then over the whole wait, start-up included.
            double rate = count == firstBatch ? count / ((last - started) / 1e9)
                    : (count - firstBatch) / ((last - first) / 1e9);
            return new CommittedCount(count, first, last, rate);
        }
    }
}
