package io.streammtl.cli;

import io.streammtl.avro.LabelEvent;
import io.streammtl.avro.LabeledEvent;
import io.streammtl.config.ModelConfig;
import io.streammtl.config.TaskConfig;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The tasks whose labels come after their events (those with a {@code label_ttl}): splits an event's labels into
 * those that stay in it and those that travel later in a {@link LabelEvent} with the event's id and model.
 */
record DelayedTasks(Set<String> names) {
    DelayedTasks {
        names = Set.copyOf(names);
        if (names.isEmpty()) {
            throw new IllegalArgumentException("no task of the spec has a label_ttl");
        }
    }

    static DelayedTasks of(ModelConfig config) {
        return new DelayedTasks(config.tasks().stream().filter(TaskConfig::delayed).map(TaskConfig::name)
                .collect(Collectors.toSet()));
    }

    /** The event without the delayed tasks' labels. */
    LabeledEvent withoutDelayedLabels(LabeledEvent event) {
        Map<String, Object> kept = new HashMap<>(event.getLabels());
        kept.keySet().removeAll(names);
        return LabeledEvent.newBuilder(event).setLabels(kept).build();
    }

    /** The event's delayed labels, known at {@code labelTime}, or null when it has none. */
    LabelEvent delayedLabels(LabeledEvent event, Instant labelTime) {
        Map<String, Object> delayed = new HashMap<>(event.getLabels());
        delayed.keySet().retainAll(names);
        if (delayed.isEmpty()) {
            return null;
        }
        return LabelEvent.newBuilder().setId(event.getId()).setModel(event.getModel()).setLabels(delayed)
                .setLabelTime(labelTime).setWeight(null).build();
    }
}
