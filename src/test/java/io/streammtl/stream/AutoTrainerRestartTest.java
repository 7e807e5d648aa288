package io.streammtl.stream;

import io.streammtl.avro.DriftEvent;
import io.streammtl.avro.LabelEvent;
import io.streammtl.avro.LabeledEvent;
import io.streammtl.config.ServiceConfig;
import io.streammtl.stream.join.JoinedExample;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tier 2: a trainer with champion and challengers restarted from its store continues as if never stopped, with labels
 * in the events or joined later.
 */
class AutoTrainerRestartTest {
    /** Mid-window and mid-batch (two events of the open batch wait in the store), before the promotion. */
    private static final int RESTART_AT = 10;

    /** A test-only header marking the records {@link #feed} sends as from the joined topic. */
    private static final String JOINED = "test-joined";

    private final Codecs codecs = Codecs.create();

    @Test
    void shouldContinueBitIdenticallyAfterARestartFromTheStore() {
        ServiceConfig config = AutoTopologyTest.auto();
        List<LabeledEvent> events = AutoTopologyTest.events(AutoTopologyTest.EVENTS);

        MockProcessorContext<byte[], OutputRecord> uninterrupted = TrainerProcessorTest.context(config, null);
        TrainerProcessor once = trainer(config, uninterrupted);
        events.forEach(e -> feed(once, e));

        MockProcessorContext<byte[], OutputRecord> interrupted = TrainerProcessorTest.context(config, null);
        TrainerProcessor before = trainer(config, interrupted);
        events.subList(0, RESTART_AT).forEach(e -> feed(before, e));
        TrainerProcessorTest.hook(interrupted, config).flushCache(); // a commit, then the process dies
        TrainerProcessor after = trainer(config, interrupted);
        events.subList(RESTART_AT, events.size()).forEach(e -> feed(after, e));

        List<byte[]> expected = outputs(uninterrupted);
        List<byte[]> actual = outputs(interrupted);
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), "output " + i);
        }
        List<DriftEvent> promotions = promotions(interrupted);
        assertTrue(!promotions.isEmpty() && promotions.get(0).getExamples() > RESTART_AT,
                "the promotion comes after the restart: " + promotions);
        TrainerProcessorTest.hook(uninterrupted, config).flushCache();
        TrainerProcessorTest.hook(interrupted, config).flushCache();
        assertArrayEquals(state(uninterrupted, config), state(interrupted, config), "the stored state");
    }

    @Test
    void shouldContinueBitIdenticallyWithLaterLabelsAfterARestartFromTheStore() {
        ServiceConfig config = AutoDelayedLabelsTopologyTest.config("single");
        List<Record<byte[], byte[]>> inputs = delayedInputs(config);
        int restartAt = 15; // mid-batch and mid-window, before the (untested, first-window) promotion

        MockProcessorContext<byte[], OutputRecord> uninterrupted = TrainerProcessorTest.context(config, null);
        TrainerProcessor once = trainer(config, uninterrupted);
        inputs.forEach(r -> feed(once, uninterrupted, config, r));

        MockProcessorContext<byte[], OutputRecord> interrupted = TrainerProcessorTest.context(config, null);
        TrainerProcessor before = trainer(config, interrupted);
        inputs.subList(0, restartAt).forEach(r -> feed(before, interrupted, config, r));
        TrainerProcessorTest.hook(interrupted, config).flushCache(); // a commit, then the process dies
        TrainerProcessor after = trainer(config, interrupted);
        inputs.subList(restartAt, inputs.size()).forEach(r -> feed(after, interrupted, config, r));

        List<byte[]> expected = outputs(uninterrupted);
        List<byte[]> actual = outputs(interrupted);
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), "output " + i);
        }
        List<DriftEvent> promotions = promotions(interrupted);
        assertTrue(!promotions.isEmpty() && promotions.get(0).getExamples() > (restartAt - 10) / 2,
                "the promotion comes after the restart: " + promotions);
        TrainerProcessorTest.hook(uninterrupted, config).flushCache();
        TrainerProcessorTest.hook(interrupted, config).flushCache();
        assertArrayEquals(state(uninterrupted, config), state(interrupted, config), "the stored state");
        byte[] served = stored(uninterrupted, config).servedMetrics();
        assertNotNull(served, "the served quality is stored beside the champion/challenger state");
        assertArrayEquals(served, stored(interrupted, config).servedMetrics(), "the served quality went on");
    }

    /**
     * The trainer's inputs of {@link AutoDelayedLabelsTopologyTest}: unlabeled events, and each one's label joined
     * ten events later (as the join sends it, keyed by model, on the joined topic; served prediction 0).
     */
    private List<Record<byte[], byte[]>> delayedInputs(ServiceConfig config) {
        List<LabeledEvent> events = AutoDelayedLabelsTopologyTest.events(AutoDelayedLabelsTopologyTest.EVENTS);
        InputEvents decoder = new InputEvents(config.model(), config.kafka(), codecs,
                new ModelAdmission(config.kafka().modelKeys()));
        byte[] key = "m".getBytes(StandardCharsets.UTF_8);
        List<Record<byte[], byte[]>> out = new ArrayList<>();
        for (AutoDelayedLabelsTopologyTest.Input input : AutoDelayedLabelsTopologyTest.order()) {
            LabeledEvent event = events.get(input.index());
            byte[] bytes = codecs.events().encode(event);
            if (!input.label()) {
                out.add(new Record<>(key, bytes, 0L));
                continue;
            }
            LabelEvent label = AutoDelayedLabelsTopologyTest.label(event, input.index());
            float[] inputs = decoder.admit(bytes).example().inputs();
            double weight = label.getWeight() == null ? 1.0 : label.getWeight();
            JoinedExample joined = new JoinedExample(event.getId().getBytes(StandardCharsets.UTF_8), 0L, 0L, 0L, 0,
                    inputs, new boolean[] {true}, new float[] {((Double) label.getLabels().get("y")).floatValue()},
                    new float[][] {{0f}}, weight, false, codecs.labels().encode(label));
            out.add(new Record<>(key, joined.encode(), 0L, new RecordHeaders().add(JOINED, new byte[0])));
        }
        return out;
    }

    @Test
    void shouldRefuseAStoredSingleLearnerNamingTheChampionChallengerState() {
        ServiceConfig plain = AutoTopologyTest.plain("0.000001");
        MockProcessorContext<byte[], OutputRecord> context = TrainerProcessorTest.context(plain, null);
        TrainerProcessor single = trainer(plain, context);
        AutoTopologyTest.events(8).forEach(e -> feed(single, e));
        TrainerProcessorTest.hook(context, plain).flushCache();

        StoredModelRefused refused = assertThrows(StoredModelRefused.class,
                () -> trainer(AutoTopologyTest.auto(), context));
        assertTrue(refused.getMessage().contains("champion/challenger"), refused.getMessage());
    }

    private TrainerProcessor trainer(ServiceConfig config, MockProcessorContext<byte[], OutputRecord> context) {
        TrainerProcessor trainer = new TrainerProcessor(config, codecs, new DeadLetterCounts(), StepListener.NONE,
                "hash", "t");
        trainer.init(context);
        return trainer;
    }

    /** Feeds a record of {@link #delayedInputs}: from the joined topic where marked so, else from the events topic. */
    private static void feed(TrainerProcessor trainer, MockProcessorContext<byte[], OutputRecord> context,
                             ServiceConfig config, Record<byte[], byte[]> record) {
        boolean joined = record.headers().lastHeader(JOINED) != null;
        context.setRecordMetadata(joined ? config.labels().joinedTopic() : "events", 0, 0);
        trainer.process(record);
    }

    private void feed(TrainerProcessor trainer, LabeledEvent event) {
        trainer.process(new Record<>("m".getBytes(StandardCharsets.UTF_8), codecs.events().encode(event), 0L));
    }

    /** Every record sent to predictions, drift and snapshots, in order. */
    private static List<byte[]> outputs(MockProcessorContext<byte[], OutputRecord> context) {
        return context.forwarded().stream().map(f -> f.record().value().value()).toList();
    }

    private List<DriftEvent> promotions(MockProcessorContext<byte[], OutputRecord> context) {
        return context.forwarded().stream().filter(f -> "drift".equals(f.record().value().topic()))
                .map(f -> codecs.driftEvents().decode(f.record().value().value()))
                .filter(e -> e.getKind().equals("promoted")).toList();
    }

    private static byte[] state(MockProcessorContext<byte[], OutputRecord> context, ServiceConfig config) {
        return stored(context, config).state();
    }

    private static ModelStateStore.Stored stored(MockProcessorContext<byte[], OutputRecord> context,
                                                 ServiceConfig config) {
        KeyValueStore<String, byte[]> store = context.getStateStore(config.kafka().stateStore());
        return new ModelStateStore(store).readAll().get("m");
    }
}
