package io.streammtl.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Per-task label TTLs and expiry policies, and the labels section, are read and checked at start-up. */
class DelayedLabelsConfigTest {
    private static ServiceConfig parse(String tasks, String labels) {
        return ModelConfigLoader.parse("""
                name: k
                features: [{name: a}]
                tasks: %s
                %s
                """.formatted(tasks, labels));
    }

    private static void assertError(String tasks, String labels, String path, String fragment) {
        ConfigException e = assertThrows(ConfigException.class, () -> parse(tasks, labels));
        assertTrue(e.getMessage().startsWith(path), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    @Test
    void shouldReadTtlsPoliciesAndTheLabelsSection() {
        ServiceConfig config = parse("[{name: y, kind: regression, label_ttl: 15m},"
                + " {name: c, kind: binary, label_ttl: 7d, on_expiry: negative}, {name: z, kind: regression}]",
                "labels: {topics: [lab], orphan_wait: 500ms, late_window: 2h}");
        List<TaskConfig> tasks = config.model().tasks();
        assertEquals(new LabelWait(900_000, ExpiryPolicy.DROP), tasks.get(0).labelWait());
        assertEquals(new LabelWait(7L * 86_400_000, ExpiryPolicy.NEGATIVE), tasks.get(1).labelWait());
        assertNull(tasks.get(2).labelWait());
        LabelsConfig labels = config.labels();
        assertEquals(List.of("lab"), labels.topics());
        assertEquals(500, labels.orphanWaitMillis());
        assertEquals(7_200_000, labels.lateWindowMillis());
        assertEquals(LabelsConfig.DEFAULT_IDLE_ADVANCE_MILLIS, labels.idleAdvanceMillis());
        assertEquals(config.kafka().applicationId() + "-joined", labels.joinedTopic(), "one joined topic per application id");
    }

    @Test
    void shouldNameThePathOfEveryBadSetting() {
        assertError("[{name: y, kind: regression, label_ttl: soon}]", "labels: {topics: [l]}",
                "tasks[0].label_ttl", "not a duration");
        assertError("[{name: y, kind: regression, label_ttl: 0s}]", "labels: {topics: [l]}",
                "tasks[0].label_ttl", "out of range");
        assertError("[{name: y, kind: regression, label_ttl: 1m, on_expiry: negative}]", "labels: {topics: [l]}",
                "tasks[0].on_expiry", "binary tasks only");
        assertError("[{name: y, kind: regression, on_expiry: drop}]", "", "tasks[0].on_expiry", "label_ttl");
        assertError("[{name: y, kind: regression, label_ttl: 1m}]", "", "labels", "tasks[0].label_ttl");
        assertError("[{name: y, kind: regression}]", "labels: {topics: [l]}", "labels", "no task has a label_ttl");
        assertError("[{name: y, kind: regression, label_ttl: 1m}]", "labels: {}", "labels.topics", "empty");
        assertError("[{name: y, kind: regression, label_ttl: 1m}]", "labels: {topics: [l], orphan_wait: 5x}",
                "labels.orphan_wait", "not a duration");
        assertError("[{name: y, kind: regression, label_ttl: 1m}]", "labels: {topics: [l], wait: 5s}",
                "labels.wait", "unknown key");
    }

    @Test
    void shouldPrintDurationsInTheirShortestExactUnit() {
        assertEquals("90s", Durations.format(90_000));
        assertEquals("7d", Durations.format(7L * 86_400_000));
        assertEquals("1500ms", Durations.format(1500));
        assertEquals(1500, Durations.parse("x", "1500ms"));
    }
}
