package io.streammtl.stream;

import io.streammtl.avro.LabeledEvent;
import io.streammtl.config.ModelConfigLoader;
import io.streammtl.config.ServiceConfig;
import io.streammtl.model.train.Backends;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.Punctuator;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tier 2: the trainer alone, under MockProcessorContext. */
class TrainerProcessorTest {
    @Test
    void shouldTrustOnlyTheStoreWhenInitialisedAgainAfterARevive() {
        ServiceConfig config = ServiceTopologyTest.config(0, true);
        Codecs codecs = Codecs.create();
        MockProcessorContext<byte[], OutputRecord> context = context(config);
        CommitHookStore hook = hook(context, config);
        TrainerProcessor trainer = new TrainerProcessor(config, codecs, new DeadLetterCounts(), StepListener.NONE,
                "hash", "test");
        trainer.init(context);
        List<LabeledEvent> events = ServiceTopologyTest.labeledStream(4, "m", 3);
        for (LabeledEvent e : events.subList(0, 3)) {
            trainer.process(new Record<>("m".getBytes(StandardCharsets.UTF_8), codecs.events().encode(e), 0L));
        }
        assertEquals(0, context.forwarded().size(), "batch of 4 still open");
        hook.flushCache(); // a commit: the open batch goes into the store

        // Kafka Streams revives a corrupted task by calling init again on the same processor instance.
        trainer.init(context);
        trainer.process(new Record<>("m".getBytes(StandardCharsets.UTF_8), codecs.events().encode(events.get(3)), 0L));

        List<String> predicted = context.forwarded().stream()
                .filter(f -> f.record().value().topic().equals(config.kafka().predictionsTopic()))
                .map(f -> new String(f.record().key(), StandardCharsets.UTF_8)).toList();
        assertEquals(List.of("m-0", "m-1", "m-2", "m-3"), predicted, "each event once, from the store's open batch");
    }

    @Test
    void shouldRestoreVersionAndPrequentialMetricsAndTellTheListenerWhatTheLastCommitLeft() {
        ServiceConfig config = ServiceTopologyTest.config(0, true);
        Codecs codecs = Codecs.create();
        MockProcessorContext<byte[], OutputRecord> context = context(config);
        CommitHookStore hook = hook(context, config);
        List<String> heard = new java.util.ArrayList<>();
        StepListener listener = new StepListener() {
            @Override
            public void onStep(String model, StepReport report) {
            }

            @Override
            public void onRestore(String model, StepReport report) {
                heard.add("restore " + model + " v" + report.version() + " n" + report.scored(0));
            }

            @Override
            public void onCommitting(String model, long events) {
                heard.add("commit " + model + " " + events);
            }
        };
        TrainerProcessor trainer = new TrainerProcessor(config, codecs, new DeadLetterCounts(), listener, "hash", "t");
        trainer.init(context);
        for (LabeledEvent e : ServiceTopologyTest.labeledStream(8, "m", 4)) {
            trainer.process(new Record<>("m".getBytes(StandardCharsets.UTF_8), codecs.events().encode(e), 0L));
        }
        hook.flushCache(); // a commit: two batches of 4 become durable
        assertEquals(List.of("commit m 8"), heard);

        TrainerProcessor restarted = new TrainerProcessor(config, codecs, new DeadLetterCounts(), listener, "hash", "t");
        restarted.init(context);
        assertEquals(List.of("commit m 8", "restore m v2 n8"), heard,
                "the restored model's version and its 8 scored labels, before any new event");
    }

    @Test
    void shouldPredictOnlyTheEventsNotYetEmittedWhenThePunctuatorFlushes() {
        ServiceConfig config = ServiceTopologyTest.config(100, true);
        Codecs codecs = Codecs.create();
        MockProcessorContext<byte[], OutputRecord> context = context(config);
        List<RowCountingBackend> backends = new java.util.ArrayList<>();
        TrainerProcessor trainer = new TrainerProcessor(config, codecs, new DeadLetterCounts(), StepListener.NONE,
                "hash", "test", capacity -> {
                    RowCountingBackend backend = new RowCountingBackend(Backends.select(config.model(), capacity));
                    backends.add(backend);
                    return backend;
                });
        trainer.init(context);
        Punctuator flush = context.scheduledPunctuators().stream()
                .filter(p -> p.getInterval().equals(Duration.ofMillis(100))).findFirst().orElseThrow().getPunctuator();
        List<LabeledEvent> events = ServiceTopologyTest.labeledStream(3, "m", 3);
        for (LabeledEvent e : events.subList(0, 2)) {
            trainer.process(new Record<>("m".getBytes(StandardCharsets.UTF_8), codecs.events().encode(e), 0L));
        }
        flush.punctuate(1100);
        assertEquals(2, backends.get(0).predictedRows(), "the two open events");
        trainer.process(new Record<>("m".getBytes(StandardCharsets.UTF_8), codecs.events().encode(events.get(2)), 0L));
        flush.punctuate(1200);
        assertEquals(3, backends.get(0).predictedRows(), "only the event that arrived since the last flush");
        flush.punctuate(1300);
        assertEquals(3, backends.get(0).predictedRows(), "nothing new, nothing predicted");
        List<String> predicted = context.forwarded().stream()
                .filter(f -> f.record().value().topic().equals(config.kafka().predictionsTopic()))
                .map(f -> new String(f.record().key(), StandardCharsets.UTF_8)).toList();
        assertEquals(List.of("m-0", "m-1", "m-2"), predicted, "each event's prediction once");
    }

    @Test
    void shouldCarryTheStoredModelOverWhenTheSpecGainsATask() {
        List<String> heard = trainThenRestart(ServiceTopologyTest.SPEC.replace(
                "- {name: k, kind: multiclass", "- {name: z, kind: regression}\n  - {name: k, kind: multiclass"), false);

        assertEquals(List.of("restore m v2"), heard, "the stored model's two steps carried over");
    }

    @Test
    void shouldFailTheStartNamingTheChangeAndHowToStartFreshWhenTheTrunkChanged() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> trainThenRestart(ServiceTopologyTest.SPEC.replace("layers: [8]", "layers: [16]"), false));

        assertTrue(refused.getMessage().contains("model m: "), refused.getMessage());
        assertTrue(refused.getMessage().contains("trunk [8] relu -> [16] relu"), refused.getMessage());
        assertTrue(refused.getMessage().contains("serve --reset-model"), refused.getMessage());
    }

    @Test
    void shouldStartTheModelAfreshWhenResetModelIsAskedAndTheStoredOneCannotCarryOver() {
        List<String> heard = trainThenRestart(ServiceTopologyTest.SPEC.replace("layers: [8]", "layers: [16]"), true);

        assertEquals(List.of("restore m v0"), heard);
    }

    @Test
    void shouldStoreTheFreshModelAtTheNextCommitSoThatAPlainRestartFits() {
        ServiceConfig config = ServiceTopologyTest.config(0, true);
        MockProcessorContext<byte[], OutputRecord> context = trainedContext(config, true);
        ServiceConfig changed = ModelConfigLoader.parse(
                ServiceTopologyTest.SPEC.replace("layers: [8]", "layers: [16]").formatted(0, true));
        new TrainerProcessor(changed, Codecs.create(), new DeadLetterCounts(), StepListener.NONE, "hash", "t")
                .init(context);
        hook(context, config).flushCache();

        KeyValueStore<String, byte[]> kv = context.getStateStore(config.kafka().stateStore());
        byte[] stored = new ModelStateStore(kv).readAll().get("m").state();
        io.streammtl.learn.OnlineLearner plain = new io.streammtl.learn.OnlineLearner(changed.model());
        plain.restore(stored);
        assertEquals(0, plain.counters().applied(), "the fresh model, in place of the refused one");
    }

    /** Trains 8 events under the test spec, commits, then restarts a trainer of {@code changedSpec} on the store. */
    private static List<String> trainThenRestart(String changedSpec, boolean resetModel) {
        MockProcessorContext<byte[], OutputRecord> context = trainedContext(ServiceTopologyTest.config(0, true),
                resetModel);
        Codecs codecs = Codecs.create();
        List<String> heard = new java.util.ArrayList<>();
        StepListener listener = new StepListener() {
            @Override
            public void onStep(String model, StepReport report) {
            }

            @Override
            public void onRestore(String model, StepReport report) {
                heard.add("restore " + model + " v" + report.version());
            }
        };
        ServiceConfig changed = ModelConfigLoader.parse(changedSpec.formatted(0, true));
        new TrainerProcessor(changed, codecs, new DeadLetterCounts(), listener, "hash", "t").init(context);
        return heard;
    }

    /** A context whose store holds a model of {@code config} after 8 events, committed; reset model as asked. */
    private static MockProcessorContext<byte[], OutputRecord> trainedContext(ServiceConfig config, boolean resetModel) {
        Codecs codecs = Codecs.create();
        java.util.Properties settings = new java.util.Properties();
        settings.put("application.id", "trainer-test");
        settings.put("bootstrap.servers", "unused:9092");
        settings.put(ModelReset.CONFIG, Boolean.toString(resetModel));
        MockProcessorContext<byte[], OutputRecord> context = context(config, settings);
        TrainerProcessor trainer = new TrainerProcessor(config, codecs, new DeadLetterCounts(), StepListener.NONE,
                "hash", "t");
        trainer.init(context);
        for (LabeledEvent e : ServiceTopologyTest.labeledStream(8, "m", 4)) {
            trainer.process(new Record<>("m".getBytes(StandardCharsets.UTF_8), codecs.events().encode(e), 0L));
        }
        hook(context, config).flushCache();
        return context;
    }

    private static MockProcessorContext<byte[], OutputRecord> context(ServiceConfig config) {
        return context(config, null);
    }

    /** A mock context holding the trainer's store and commit hook, as Kafka Streams gives the processor. */
    static MockProcessorContext<byte[], OutputRecord> context(ServiceConfig config, java.util.Properties settings) {
        MockProcessorContext<byte[], OutputRecord> context = settings == null ? new MockProcessorContext<>()
                : new MockProcessorContext<>(settings);
        context.setCurrentSystemTimeMs(1000);
        KeyValueStore<String, byte[]> store = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(config.kafka().stateStore()), Serdes.String(), Serdes.ByteArray())
                .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        CommitHookStore hook = new CommitHookStore(CommitHookStore.nameFor(config.kafka().stateStore()));
        hook.init(context.getStateStoreContext(), hook);
        context.addStateStore(hook);
        return context;
    }

    static CommitHookStore hook(MockProcessorContext<byte[], OutputRecord> context, ServiceConfig config) {
        return context.getStateStore(CommitHookStore.nameFor(config.kafka().stateStore()));
    }
}
