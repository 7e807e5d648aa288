package io.streammtl.metrics;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KafkaStreamsMetricsTest {
    private static Metric value(Object v) {
        return new Metric() {
            @Override
            public MetricName metricName() {
                return null;
            }

            @Override
            public Object metricValue() {
                return v;
            }
        };
    }

    @Test
    void shouldTypeTotalsAsCountersAndKeepOtherNamesAsGauges() {
        assertEquals(new KafkaStreamsMetrics.Mapped("streammtl_kafka_stream_thread_process_total",
                MetricRegistry.Kind.COUNTER, 1), KafkaStreamsMetrics.map("stream-thread-metrics", "process-total"));
        assertEquals(new KafkaStreamsMetrics.Mapped("streammtl_kafka_consumer_fetch_manager_records_lag",
                MetricRegistry.Kind.GAUGE, 1), KafkaStreamsMetrics.map("consumer-fetch-manager-metrics", "records-lag"));
    }

    @Test
    void shouldConvertNanosecondAndMillisecondNamesToSeconds() {
        KafkaStreamsMetrics.Mapped ns = KafkaStreamsMetrics.map("producer-metrics", "io-wait-time-ns-avg");
        assertEquals("streammtl_kafka_producer_io_wait_time_seconds_avg", ns.name());
        assertEquals(1e-9, ns.scale());
        KafkaStreamsMetrics.Mapped ms = KafkaStreamsMetrics.map("app-info", "start-time-ms");
        assertEquals("streammtl_kafka_app_info_start_time_seconds", ms.name());
        assertEquals(1e-3, ms.scale());
    }

    @Test
    void shouldRenameGaugesThatLookLikeHistogramPartsOrCounters() {
        assertEquals("streammtl_kafka_consumer_connection_number",
                KafkaStreamsMetrics.map("consumer-metrics", "connection-count").name());
        KafkaStreamsMetrics.Mapped remaining = KafkaStreamsMetrics.map("stream-task-metrics",
                "restore-remaining-records-total");
        assertEquals("streammtl_kafka_stream_task_restore_remaining_records", remaining.name());
        assertEquals(MetricRegistry.Kind.GAUGE, remaining.kind());
    }

    @Test
    void shouldSkipNonNumbersAndDuplicatesAndSanitiseTags() {
        Map<MetricName, Metric> metrics = new LinkedHashMap<>();
        metrics.put(new MetricName("records-lag", "consumer-fetch-manager-metrics", "lag",
                Map.of("client-id", "c1", "topic", "in", "partition", "0")), value(12.0));
        // Another Kafka name that sanitises to the same Prometheus series: the first one wins.
        metrics.put(new MetricName("records_lag", "consumer-fetch-manager-metrics", "lag again",
                Map.of("client-id", "c1", "topic", "in", "partition", "0")), value(13.0));
        metrics.put(new MetricName("version", "app-info", "", Map.of("client-id", "c1")), value("4.3.1"));
        List<MetricRegistry.Sampled> families = new KafkaStreamsMetrics(() -> metrics).get();
        assertEquals(1, families.size());
        MetricRegistry.Sampled lag = families.get(0);
        assertEquals(List.of(new MetricRegistry.Sample(List.of("client_id", "partition", "topic"),
                List.of("c1", "0", "in"), 12.0)), lag.samples());
        assertTrue(lag.help().contains("lag"));
    }
}
