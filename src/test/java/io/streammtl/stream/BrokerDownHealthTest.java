package io.streammtl.stream;

import io.streammtl.config.ServiceConfig;
import io.streammtl.config.ModelConfigLoader;
import io.streammtl.metrics.HealthCheck;
import io.streammtl.metrics.StreamHealth;
import io.streammtl.stream.broker.EmbeddedKafkaBroker;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tier 4, on a real KRaft broker: when the broker goes away, Kafka Streams stays RUNNING for a long while (it was
 * measured at about 70 s), but readiness must say at once that this instance no longer serves, and liveness must not
 * ask for a restart that would not help.
 */
@Tag("integration")
class BrokerDownHealthTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void shouldTurnUnreadyWithinSecondsWhenTheBrokerStopsWhileStreamsStillSayRunning() throws Exception {
        ServiceConfig config = ModelConfigLoader.parse("""
                name: down
                features: [{name: a}]
                tasks: [{name: y, kind: regression}]
                kafka: {application_id: down}
                """);
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("broker"));
        StreamHealth health = new StreamHealth();
        try (StreamService service = StreamService.start(config, broker.bootstrapServers(), dir.resolve("state"),
                StepListener.NONE, Map.of())) {
            health.attach(service);
            assertTrue(service.awaitRunning(Duration.ofSeconds(60)));
            HealthCheck.Status before = poll(health, true, Duration.ofSeconds(30));
            assertTrue(before.ok(), before.detail());

            long stopped = System.nanoTime();
            broker.close();
            HealthCheck.Status after = poll(health, false, Duration.ofSeconds(40));
            double seconds = (System.nanoTime() - stopped) / 1e9;
            assertFalse(after.ok(), "still ready " + seconds + " s after the broker stopped: " + after.detail());
            assertTrue(health.live().ok(), "live: a restart would not bring the broker back");
            System.out.printf("unready %.1f s after the broker stopped (streams %s): %s%n", seconds, service.state(),
                    after.detail());
            assertTrue(service.state() == KafkaStreams.State.RUNNING || !after.detail().startsWith("RUNNING"),
                    after.detail());
        }
    }

    private static HealthCheck.Status poll(StreamHealth health, boolean wanted, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HealthCheck.Status status = health.ready();
        while (status.ok() != wanted && System.nanoTime() < deadline) {
            Thread.sleep(250);
            status = health.ready();
        }
        return status;
    }
}
