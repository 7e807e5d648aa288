package io.streammtl.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The accepted model keys and the bounds on what the service writes are read and checked at start-up. */
class KafkaLimitsConfigTest {
    private static ServiceConfig parse(String kafka) {
        return ModelConfigLoader.parse("""
                name: k
                features: [{name: a}]
                tasks: [{name: y, kind: regression}]
                kafka: %s
                """.formatted(kafka));
    }

    private static void assertError(String kafka, String path, String fragment) {
        ConfigException e = assertThrows(ConfigException.class, () -> parse(kafka));
        assertTrue(e.getMessage().startsWith(path), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    @Test
    void shouldReadAnAllowListAPatternAndTheLimits() {
        KafkaConfig listed = parse("{models: [a, b], max_id_bytes: 64, max_record_bytes: 700000}").kafka();
        assertEquals(List.of("a", "b"), listed.modelKeys().allowed());
        assertEquals(2, listed.modelKeys().max());
        assertEquals(64, listed.maxIdBytes());
        assertEquals(700_000, listed.maxRecordBytes());
        KafkaConfig pattern = parse("{model_pattern: 'store-.*', max_models: 20}").kafka();
        assertEquals(List.of(), pattern.modelKeys().allowed());
        assertEquals("store-.*", pattern.modelKeys().pattern());
        assertEquals(20, pattern.modelKeys().max());
        assertEquals(100, parse("{model_pattern: 'store-.*'}").kafka().modelKeys().max(), "default bound");
    }

    @Test
    void shouldNameThePathAndValueOfEveryBadSetting() {
        assertError("{models: []}", "kafka.models", "empty");
        assertError("{model_pattern: '('}", "kafka.model_pattern", "'('");
        assertError("{models: [a], max_models: 5}", "kafka.max_models", "only with model_pattern");
        assertError("{models: [a, b], model_pattern: 'x.*', max_models: 1}", "kafka.max_models", "1 is out of range");
        assertError("{max_record_bytes: 1000}", "kafka.max_record_bytes", "1000 is out of range");
        assertError("{max_id_bytes: 300000}", "kafka.max_id_bytes", "300000 is out of range");
    }
}
