package io.streammtl.stream;

import io.streammtl.avro.LabelEvent;
import io.streammtl.config.ModelConfig;
import io.streammtl.config.TaskConfig;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes one {@code LabelEvent} record and checks it as events are checked: a label record that cannot be learned
 * from (undecodable, no labels, an unknown task, a task whose labels come only inside events, a label of the wrong
 * type or out of range, a weight that is not a number in (0, 1000]) is an {@link InvalidEventException} with its reason.
 */
final class LabelEventReader {
    /** A checked label record: per task whether it is labeled and the label as the learner takes it. */
    record Labels(String model, byte[] id, long labelTime, boolean[] labeled, float[] values, double weight) {
    }

    /** Largest example weight accepted: far above any sensible importance weight, far below what breaks a step. */
    static final double MAX_WEIGHT = 1000;

    private final List<TaskConfig> tasks;
    private final Map<String, Integer> taskIndex = new HashMap<>();
    private final List<TaskWire> wires;
    private final AvroCodec<LabelEvent> codec;

    LabelEventReader(ModelConfig config, AvroCodec<LabelEvent> codec) {
        this.tasks = config.tasks();
        this.codec = codec;
        for (int t = 0; t < tasks.size(); t++) {
            taskIndex.put(tasks.get(t).name(), t);
        }
        this.wires = tasks.stream().map(TaskWire::of).toList();
    }

    String taskName(int t) {
        return tasks.get(t).name();
    }

    /** The join key of a label record, read for partitioning; null when the record cannot be decoded. */
    byte[] joinKey(byte[] bytes) {
        try {
            io.streammtl.avro.LabelEvent event = codec.decode(bytes);
            return io.streammtl.stream.join.JoinKey.of(event.getModel(),
                    event.getId().getBytes(StandardCharsets.UTF_8));
        } catch (InvalidEventException e) {
            return null;
        }
    }

    Labels read(byte[] bytes) {
        LabelEvent event = codec.decode(bytes);
        if (event.getLabels().isEmpty()) {
            throw new InvalidEventException(DeadLetterReason.NO_LABELS, "the label record for event '"
                    + event.getId() + "' has no labels");
        }
        Double weight = event.getWeight();
        if (weight != null && !(weight > 0 && weight <= MAX_WEIGHT)) {
            throw new InvalidEventException(DeadLetterReason.INVALID_WEIGHT, "weight " + weight
                    + " of the label record for event '" + event.getId() + "'; expected a number above 0 and at most "
                    + (long) MAX_WEIGHT + " (or none, for 1)");
        }
        boolean[] labeled = new boolean[tasks.size()];
        float[] values = new float[tasks.size()];
        for (Map.Entry<String, Object> entry : event.getLabels().entrySet()) {
            Integer t = taskIndex.get(entry.getKey());
            if (t == null) {
                throw new InvalidEventException(DeadLetterReason.UNKNOWN_TASK,
                        "label for task '" + entry.getKey() + "', which the model does not have");
            }
            TaskConfig task = tasks.get(t);
            if (!task.delayed()) {
                throw new InvalidEventException(DeadLetterReason.TASK_NOT_DELAYED, "task '" + task.name()
                        + "' has no label_ttl: its labels come inside events, not on the labels topic");
            }
            values[t] = wires.get(t).label(entry.getValue());
            labeled[t] = true;
        }
        return new Labels(event.getModel(), event.getId().getBytes(StandardCharsets.UTF_8),
                event.getLabelTime().toEpochMilli(), labeled, values, weight == null ? 1.0 : weight);
    }
}
