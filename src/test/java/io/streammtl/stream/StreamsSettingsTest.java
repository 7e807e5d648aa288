package io.streammtl.stream;

import io.streammtl.config.KafkaConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamsSettingsTest {
    private static final KafkaConfig KAFKA = KafkaConfig.defaults("wine");

    @Test
    void shouldDefaultToExactlyOnceWithDeadLetterHandlers() {
        DeadLetterCounts counts = new DeadLetterCounts();
        Properties p = StreamsSettings.of(KAFKA, "h:1", Path.of(System.getProperty("java.io.tmpdir"), "streammtl-settings-test"), counts, Map.of());
        assertEquals(StreamsConfig.EXACTLY_ONCE_V2, p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
        assertEquals("streammtl-wine", p.get(StreamsConfig.APPLICATION_ID_CONFIG));
        assertEquals("wine-dead-letters", p.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG));
        assertEquals(DeadLetterHandler.class.getName(), p.get(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG));
        assertSame(counts, p.get(DeadLetterHandler.COUNTS_CONFIG));
    }

    @Test
    void shouldPassResetModelThroughToTheProcessorsOnlyWhenAsked() {
        Path state = Path.of(System.getProperty("java.io.tmpdir"), "streammtl-settings-test");
        Properties asked = StreamsSettings.of(KAFKA.withStreamsSetting(ModelReset.CONFIG, "true"), "h:1", state,
                new DeadLetterCounts(), Map.of());
        Properties plain = StreamsSettings.of(KAFKA, "h:1", state, new DeadLetterCounts(), Map.of());
        assertTrue(ModelReset.requested(new StreamsConfig(asked).originals()));
        assertFalse(ModelReset.requested(new StreamsConfig(plain).originals()));
    }

    @Test
    void shouldLetSpecOverrideDefaultsAndEnvironmentOverrideSpec() {
        KafkaConfig spec = KAFKA.forRun("app", "in", "out", Map.of("commit.interval.ms", "500",
                "processing.guarantee", "at_least_once"));
        Properties p = StreamsSettings.of(spec, "h:1", Path.of(System.getProperty("java.io.tmpdir"), "streammtl-settings-test"), new DeadLetterCounts(),
                Map.of("KAFKA_COMMIT_INTERVAL_MS", "250", "KAFKA_PRODUCER_LINGER_MS", "20", "PATH", "/bin"));
        assertEquals("250", p.get("commit.interval.ms"));
        assertEquals("at_least_once", p.get("processing.guarantee"));
        assertEquals("20", p.get("producer.linger.ms"));
    }

    @Test
    void shouldIgnoreEnvironmentVariablesThatNameNoKafkaSetting() {
        Map<String, String> mapped = StreamsSettings.fromEnvironment(Map.of("KAFKA_PORT", "tcp://10.0.0.1:9092",
                "KAFKA_NUM_STREAM_THREADS", "2"));
        assertEquals(Map.of("num.stream.threads", "2"), mapped);
        assertFalse(mapped.containsKey("port"));
    }

    @Test
    void shouldKeepOneStaticMemberIdPerStateDirectoryAcrossRestarts(@org.junit.jupiter.api.io.TempDir Path dir) {
        Object first = StreamsSettings.of(KAFKA, "h:1", dir.resolve("a"), new DeadLetterCounts(), Map.of())
                .get("group.instance.id");
        Object again = StreamsSettings.of(KAFKA, "h:1", dir.resolve("a"), new DeadLetterCounts(), Map.of())
                .get("group.instance.id");
        Object other = StreamsSettings.of(KAFKA, "h:1", dir.resolve("b"), new DeadLetterCounts(), Map.of())
                .get("group.instance.id");
        assertEquals(first, again, "a restart on the same state directory rejoins as the same member");
        assertFalse(first.equals(other), "another state directory is another member");
        assertEquals("pod-0", StreamsSettings.of(KAFKA, "h:1", dir.resolve("a"), new DeadLetterCounts(),
                Map.of("KAFKA_GROUP_INSTANCE_ID", "pod-0")).get("group.instance.id"), "the environment wins");
    }
}
