package io.streammtl.stream;

import io.streammtl.avro.DriftEvent;
import io.streammtl.avro.LabeledEvent;
import io.streammtl.config.ServiceConfig;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tier 2: a trainer with champion and challengers restarted from its store continues as if never stopped. */
class AutoTrainerRestartTest {
    /** Mid-window and mid-batch (two events of the open batch wait in the store), before the promotion. */
    private static final int RESTART_AT = 10;

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

    private void feed(TrainerProcessor trainer, LabeledEvent event) {
        trainer.process(new Record<>("m".getBytes(StandardCharsets.UTF_8), codecs.events().encode(event), 0L));
    }

    /** Every record sent to predictions, drift and snapshots, in order. */
    private static List<byte[]> outputs(MockProcessorContext<byte[], OutputRecord> context) {
        return context.forwarded().stream().map(f -> f.record().value().value()).toList();
    }

    private List<DriftEvent> promotions(MockProcessorContext<byte[], OutputRecord> context) {
        return context.forwarded().stream().filter(f -> f.record().value().topic().equals("drift"))
                .map(f -> codecs.driftEvents().decode(f.record().value().value()))
                .filter(e -> e.getKind().equals("promoted")).toList();
    }

    private static byte[] state(MockProcessorContext<byte[], OutputRecord> context, ServiceConfig config) {
        KeyValueStore<String, byte[]> store = context.getStateStore(config.kafka().stateStore());
        return new ModelStateStore(store).readAll().get("m").state();
    }
}
