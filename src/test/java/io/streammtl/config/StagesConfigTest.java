package io.streammtl.config;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code kafka.stages} is read as single or split, single when absent, and anything else names the path. */
class StagesConfigTest {
    private static KafkaConfig parse(String kafka) {
        return ModelConfigLoader.parse("""
                name: s
                features: [{name: a}]
                tasks: [{name: y, kind: regression}]
                kafka: %s
                """.formatted(kafka)).kafka();
    }

    @Test
    void shouldReadSingleOrSplitAndDefaultToSingle() {
        assertEquals(Stages.SINGLE, parse("{}").stages());
        assertEquals(Stages.SPLIT, parse("{stages: split}").stages());
        assertEquals(Stages.SINGLE, parse("{stages: single}").stages());
        assertEquals(Stages.SPLIT, parse("{stages: split}").withSnapshots(5, 0).stages(), "copies keep it");
    }

    @Test
    void shouldNameThePathOfAnUnknownValue() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse("{stages: both}"));
        assertTrue(e.getMessage().startsWith("kafka.stages"), e.getMessage());
        assertTrue(e.getMessage().contains("'both' is not one of single, split"), e.getMessage());
    }
}
