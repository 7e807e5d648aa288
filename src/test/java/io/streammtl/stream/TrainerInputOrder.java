package io.streammtl.stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * Rebuilds, for a model trained with {@code batch_size: 1}, the order in which the trainer read its events and the
 * joined examples, from the committed records alone. The trainer reads the two topics interleaved by timing, so
 * their offsets do not give it; the committed predictions do: with B = 1 a step closes on its first labeled row, or
 * on two unlabeled ones, and every event is predicted with the model version before its own step (at the step, or
 * earlier by a flush of the open batch). So the events predicted with version v are exactly the events of step
 * v + 1, in their topic's order, and a step's other row is the next joined example (all of them are labeled). An
 * unlabeled event opens its step: a labeled row before it would have closed the step alone.
 */
final class TrainerInputOrder {
    private TrainerInputOrder() {
    }

    /**
     * The trainer's input in the order it was read, over {@code steps} steps; fails if the records cannot be the
     * input of such steps, or if some event or joined example is left over (read twice or never learned).
     */
    static List<ConsumerRecord<byte[], byte[]>> rebuild(List<ConsumerRecord<byte[], byte[]>> events,
                                                       ToLongFunction<ConsumerRecord<byte[], byte[]>> servedVersion,
                                                       Predicate<ConsumerRecord<byte[], byte[]>> labeled,
                                                       List<ConsumerRecord<byte[], byte[]>> joined, long steps) {
        Map<Long, List<ConsumerRecord<byte[], byte[]>>> byStep = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> event : events) {
            byStep.computeIfAbsent(servedVersion.applyAsLong(event) + 1, s -> new ArrayList<>()).add(event);
        }
        List<ConsumerRecord<byte[], byte[]>> order = new ArrayList<>();
        int nextJoined = 0;
        for (long step = 1; step <= steps; step++) {
            List<ConsumerRecord<byte[], byte[]>> own = byStep.getOrDefault(step, List.of());
            boolean opensUnlabeled = !own.isEmpty() && !labeled.test(own.get(0));
            boolean valid = own.isEmpty()
                    || own.size() == 1
                    || (own.size() == 2 && opensUnlabeled);
            if (!valid) {
                throw new AssertionError("step " + step + " cannot hold events at offsets " + offsets(own)
                        + " with batch size 1");
            }
            order.addAll(own);
            if (own.isEmpty() || (own.size() == 1 && opensUnlabeled)) {
                if (nextJoined == joined.size()) {
                    throw new AssertionError("step " + step + " needs a joined example; all " + joined.size()
                            + " are taken");
                }
                order.add(joined.get(nextJoined++));
            }
        }
        List<Long> after = byStep.keySet().stream().filter(s -> s > steps).toList();
        if (!after.isEmpty()) {
            throw new AssertionError("events predicted for steps " + after + " after the last step " + steps);
        }
        if (nextJoined != joined.size()) {
            throw new AssertionError((joined.size() - nextJoined) + " joined examples are in no step");
        }
        return order;
    }

    private static List<Long> offsets(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(ConsumerRecord::offset).toList();
    }
}
