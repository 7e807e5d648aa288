package io.streammtl.stream;

import io.streammtl.config.KafkaConfig;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The service writes no record larger than the smallest of its own, the producer's and the topics' limits. */
class WriteLimitTest {
    private final KafkaConfig kafka = KafkaConfig.defaults("w");

    @Test
    void shouldKeepTheSpecsLimitUnderKafkasDefaults() {
        WriteLimit limit = WriteLimit.of(kafka, new Properties(), Map.of("w-predictions", 1_048_588));
        assertEquals(KafkaConfig.DEFAULT_MAX_RECORD_BYTES, limit.bytes());
        assertEquals("kafka.max_record_bytes", limit.source());
    }

    @Test
    void shouldLowerTheLimitToTheProducersRequestSizeOrASmallerTopic() {
        Properties settings = new Properties();
        settings.put("producer.max.request.size", "800000");
        Map<String, Integer> topics = new LinkedHashMap<>();
        topics.put("w-predictions", 1_048_588);
        assertEquals(800_000 - WriteLimit.BATCH_OVERHEAD, WriteLimit.of(kafka, settings, topics).bytes());
        topics.put("w-dead-letters", 700_000);
        WriteLimit limit = WriteLimit.of(kafka, settings, topics);
        assertEquals(700_000 - WriteLimit.BATCH_OVERHEAD, limit.bytes());
        assertTrue(limit.source().contains("w-dead-letters"), limit.source());
    }

    @Test
    void shouldRefuseToStartWhenModelStateChunksCannotBeWritten() {
        Properties settings = new Properties();
        settings.put("max.request.size", "200000");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> WriteLimit.of(kafka, settings, Map.of()));
        assertTrue(e.getMessage().contains("max.request.size 200000"), e.getMessage());
    }
}
