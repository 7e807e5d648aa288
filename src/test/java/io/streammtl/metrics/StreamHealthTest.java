package io.streammtl.metrics;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Readiness means serving: RUNNING, in touch with the group coordinator, and either progressing or caught up. */
class StreamHealthTest {
    private static final String CONSUMER = "app-1-StreamThread-1-consumer";

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final Map<MetricName, Metric> metrics = new HashMap<>();
    private final StreamHealth health = new StreamHealth(now::get);

    private void put(String group, String name, Map<String, String> tags, double value) {
        MetricName metricName = new MetricName(name, group, "", tags);
        metrics.put(metricName, new Metric() {
            @Override
            public MetricName metricName() {
                return metricName;
            }

            @Override
            public Object metricValue() {
                return value;
            }
        });
    }

    private void state(double heartbeatAge, double lag, double processed) {
        put("consumer-coordinator-metrics", "last-heartbeat-seconds-ago", Map.of("client-id", CONSUMER), heartbeatAge);
        put("consumer-fetch-manager-metrics", "records-lag",
                Map.of("client-id", CONSUMER, "topic", "events", "partition", "0"), lag);
        put("stream-thread-metrics", "process-total", Map.of("thread-id", "app-1-StreamThread-1"), processed);
    }

    @Test
    void shouldBeReadyWhenRunningInTouchAndCaughtUp() {
        health.attach(() -> KafkaStreams.State.RUNNING, () -> null, () -> metrics);
        state(1, 0, 100);
        assertTrue(health.ready().ok(), health.ready().detail());
        now.addAndGet(600_000);
        assertTrue(health.ready().ok(), "idle with nothing to do is still serving");
    }

    @Test
    void shouldNotBeReadyWhenHeartbeatsStopEvenThoughStreamsSayRunning() {
        health.attach(() -> KafkaStreams.State.RUNNING, () -> null, () -> metrics);
        state(StreamHealth.MAX_HEARTBEAT_AGE_SECONDS + 1, 0, 100);
        HealthCheck.Status status = health.ready();
        assertFalse(status.ok());
        assertTrue(status.detail().contains("heartbeat"), status.detail());
        assertTrue(health.live().ok(), "a restart would not bring the broker back");
    }

    @Test
    void shouldNotBeReadyWhenRecordsWaitAndNothingIsProcessed() {
        health.attach(() -> KafkaStreams.State.RUNNING, () -> null, () -> metrics);
        state(1, 500, 100);
        assertTrue(health.ready().ok());
        now.addAndGet(StreamHealth.STALL_MILLIS - 1);
        assertTrue(health.ready().ok(), "not stalled yet");
        now.addAndGet(2);
        assertFalse(health.ready().ok(), health.ready().detail());
        state(1, 400, 200);
        assertTrue(health.ready().ok(), "progress again");
    }

    @Test
    void shouldIgnoreTheRestoreConsumersLag() {
        health.attach(() -> KafkaStreams.State.RUNNING, () -> null, () -> metrics);
        state(1, 0, 100);
        put("consumer-fetch-manager-metrics", "records-lag",
                Map.of("client-id", "app-1-StreamThread-1-restore-consumer", "topic", "changelog", "partition", "0"),
                9_999);
        now.addAndGet(StreamHealth.STALL_MILLIS * 2);
        assertTrue(health.ready().ok(), health.ready().detail());
    }

    @Test
    void shouldNotBeReadyWhenTheConsumerHasNoBrokerConnectionForSeconds() {
        health.attach(() -> KafkaStreams.State.RUNNING, () -> null, () -> metrics);
        state(-1, 0, 100);
        put("consumer-metrics", "connection-count", Map.of("client-id", CONSUMER), 0);
        assertTrue(health.ready().ok(), "a reconnect of a moment is not worth a flap");
        now.addAndGet(StreamHealth.DISCONNECTED_MILLIS);
        assertFalse(health.ready().ok(), health.ready().detail());
        put("consumer-metrics", "connection-count", Map.of("client-id", CONSUMER), 2);
        assertTrue(health.ready().ok());
    }

    @Test
    void shouldNotBeReadyUnlessRunning() {
        health.attach(() -> KafkaStreams.State.REBALANCING, () -> null, () -> metrics);
        state(1, 0, 100);
        assertFalse(health.ready().ok());
    }
}
