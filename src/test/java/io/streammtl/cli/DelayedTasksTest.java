package io.streammtl.cli;

import io.streammtl.avro.LabelEvent;
import io.streammtl.avro.LabeledEvent;
import io.streammtl.config.ModelConfigLoader;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** An event's labels split by task: those with a label_ttl travel later in a LabelEvent, the others stay. */
class DelayedTasksTest {
    private final DelayedTasks tasks = DelayedTasks.of(ModelConfigLoader.parse("""
            name: split
            features: [{name: a}]
            tasks:
              - {name: y, kind: regression, label_ttl: 1m}
              - {name: k, kind: multiclass, classes: [lo, hi], label_ttl: 1h}
              - {name: p, kind: binary}
            labels: {topics: [split-labels]}
            """).model());

    private static LabeledEvent event(Map<String, Object> labels) {
        return LabeledEvent.newBuilder().setId("r/p0:f.csv:2").setModel("m").setEventTime(Instant.ofEpochMilli(5))
                .setDense(List.of(1.0)).setNumeric(Map.of()).setCategorical(Map.of()).setLabels(labels).build();
    }

    @Test
    void shouldMoveTheDelayedTasksLabelsIntoALabelEventOfTheSameIdAndModel() {
        LabeledEvent event = event(Map.of("y", 5.5, "k", "hi", "p", 1.0));
        assertEquals(Map.of("p", 1.0), tasks.withoutDelayedLabels(event).getLabels());
        LabelEvent later = tasks.delayedLabels(event, Instant.ofEpochMilli(9));
        assertEquals(Map.of("y", 5.5, "k", "hi"), later.getLabels());
        assertEquals("r/p0:f.csv:2", later.getId());
        assertEquals("m", later.getModel());
        assertEquals(Instant.ofEpochMilli(9), later.getLabelTime());
        assertNull(later.getWeight());
    }

    @Test
    void shouldSendNoLabelEventForARowWithoutDelayedLabels() {
        assertNull(tasks.delayedLabels(event(Map.of("p", 0.0)), Instant.EPOCH));
    }

    @Test
    void shouldRefuseASpecWithoutDelayedTasks() {
        assertThrows(IllegalArgumentException.class, () -> new DelayedTasks(Set.of()));
    }
}
