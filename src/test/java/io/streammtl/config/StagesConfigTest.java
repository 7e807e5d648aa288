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
    void shouldBroadcastEverySecondByDefaultWithSplitAndKeepTheSpecsCadenceWhenGiven() {
        KafkaConfig split = parse("{stages: split}");
        assertEquals(0, split.snapshotEverySteps(), "by time only");
        assertEquals(1, split.snapshotEverySeconds());
        KafkaConfig single = parse("{}");
        assertEquals(1000, single.snapshotEverySteps());
        assertEquals(60, single.snapshotEverySeconds());
        KafkaConfig given = parse("{stages: split, snapshot_every_steps: 50, snapshot_every_seconds: 5}");
        assertEquals(50, given.snapshotEverySteps());
        assertEquals(5, given.snapshotEverySeconds());
    }

    @Test
    void shouldRefuseASplitThatWouldNeverBroadcastItsModel() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> parse("{stages: split, snapshot_every_steps: 0, snapshot_every_seconds: 0}"));
        assertTrue(e.getMessage().startsWith("kafka.snapshot_every_seconds"), e.getMessage());
        assertTrue(e.getMessage().contains("never broadcast"), e.getMessage());
        assertEquals(0, parse("{snapshot_every_steps: 0, snapshot_every_seconds: 0}").snapshotEverySeconds(),
                "single needs no broadcast");
    }

    @Test
    void shouldNameThePathOfAnUnknownValue() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse("{stages: both}"));
        assertTrue(e.getMessage().startsWith("kafka.stages"), e.getMessage());
        assertTrue(e.getMessage().contains("'both' is not one of single, split"), e.getMessage());
    }
}
