package io.streammtl.bench;

import io.streammtl.avro.LabeledEvent;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Kafka plumbing shared by the stream benchmarks: topics, measuring consumers, event copies, stream-thread metrics. */
final class BenchKafka {
    private BenchKafka() {
    }

    static void createTopic(String servers, String topic, Map<String, String> configs) throws Exception {
        createTopic(servers, topic, 1, configs);
    }

    static void createTopic(String servers, String topic, int partitions, Map<String, String> configs)
            throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1).configs(configs))).all().get();
        }
    }

    /** A consumer that reads committed records only when {@code committed} (the exactly-once view). */
    static KafkaConsumer<byte[], byte[]> consumer(String servers, boolean committed) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, committed ? "read_committed" : "read_uncommitted",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** {@code row} with another id and event time, sharing its maps (Avro's copying builder costs the bench CPU). */
    static LabeledEvent copy(LabeledEvent row, String id, Instant eventTime) {
        return new LabeledEvent(id, eventTime, row.getModel(), row.getNumeric(), row.getDense(), row.getCategorical(),
                row.getLabels());
    }

    /** Where the stream thread's wall time went, from Kafka Streams' own thread-level ratios. */
    static String threadTime(KafkaStreams streams) {
        Map<String, Double> ratios = new TreeMap<>();
        streams.metrics().forEach((name, metric) -> {
            if (name.group().equals("stream-thread-metrics") && name.name().endsWith("-ratio")
                    && metric.metricValue() instanceof Double value) {
                ratios.merge(name.name().replace("-ratio", ""), value, Double::sum);
            }
        });
        StringBuilder out = new StringBuilder();
        ratios.forEach((phase, value) -> out.append(String.format(Locale.ROOT, " %s %.0f%%", phase, 100 * value)));
        return out.toString().trim();
    }

    /** Commits the stream threads have made so far, from Kafka Streams' own {@code commit-total}. */
    static double commits(KafkaStreams streams) {
        double[] total = new double[1];
        streams.metrics().forEach((name, metric) -> {
            if (name.group().equals("stream-thread-metrics") && name.name().equals("commit-total")
                    && metric.metricValue() instanceof Double value) {
                total[0] += value;
            }
        });
        return total[0];
    }

    /** The stream thread's commit latency, from Kafka Streams' own metrics. */
    static String commitLatency(KafkaStreams streams) {
        double[] avgMax = new double[2];
        streams.metrics().forEach((name, metric) -> {
            if (name.group().equals("stream-thread-metrics") && metric.metricValue() instanceof Double value) {
                if (name.name().equals("commit-latency-avg")) {
                    avgMax[0] = value;
                } else if (name.name().equals("commit-latency-max")) {
                    avgMax[1] = value;
                }
            }
        });
        if (!(avgMax[0] > 0)) {
            return "no commit in the metrics window";
        }
        return String.format(Locale.ROOT, "commits avg %.1f ms, max %.1f ms", avgMax[0], avgMax[1]);
    }
}
