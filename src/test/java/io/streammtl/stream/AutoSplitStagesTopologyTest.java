package io.streammtl.stream;

import io.streammtl.avro.DriftEvent;
import io.streammtl.avro.LabeledEvent;
import io.streammtl.avro.ModelSnapshot;
import io.streammtl.avro.Prediction;
import io.streammtl.config.ModelConfigLoader;
import io.streammtl.config.ServiceConfig;
import io.streammtl.learn.Example;
import io.streammtl.learn.ExampleBatch;
import io.streammtl.learn.OnlineLearner;
import io.streammtl.learn.auto.AutoLearner;
import io.streammtl.stream.join.JoinedExample;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tier 3: champion and challengers with {@code kafka.stages: split}, labels in the events or coming later. The
 * learning stage races the variants on the examples it learns and broadcasts the champion (a new one at once); the
 * prediction stage predicts every event with the broadcast model it holds, so after a promotion it serves the new
 * champion.
 */
class AutoSplitStagesTopologyTest {
    private static final long T0 = 1_700_000_000_000L;

    private final Codecs codecs = Codecs.create();
    private final List<TopologyTestDriver> drivers = new ArrayList<>();
    @TempDir
    Path stateDir;

    /** Every snapshot the learning stage published, and per prediction the number published before its event. */
    private record Run(List<ModelSnapshot> snapshots, List<Prediction> predictions, List<Integer> snapshotsBefore,
                       List<DriftEvent> drift, List<Example> learned, List<Float> weights) {
    }

    @AfterEach
    void close() {
        drivers.forEach(TopologyTestDriver::close);
    }

    @Test
    void shouldServeTheNewChampionFromTheBroadcastWhenLabelsComeLater() {
        ServiceConfig config = AutoDelayedLabelsTopologyTest.config("split");
        Run run = run(config, true);

        assertServesTheRacesChampion(config, run);
    }

    @Test
    void shouldServeTheNewChampionFromTheBroadcastWhenLabelsComeInTheEvents() {
        ServiceConfig config = ModelConfigLoader.parse(AutoTopologyTest.SPEC.formatted(AutoTopologyTest.AUTO)
                .replace("  models: [m]", "  models: [m]\n  stages: split"));
        Run run = run(config, false);

        assertServesTheRacesChampion(config, run);
    }

    @Test
    void shouldBroadcastANewChampionAtOnceWhateverTheSnapshotCadence() {
        ServiceConfig config = ModelConfigLoader.parse(AutoTopologyTest.SPEC.formatted(AutoTopologyTest.AUTO)
                .replace("  models: [m]", "  models: [m]\n  stages: split")
                .replace("snapshot_every_steps: 1", "snapshot_every_steps: 1000"));
        Run run = run(config, false);

        long promotions = run.drift().stream().filter(e -> e.getKind().equals("promoted")).count();
        assertEquals(promotions, run.snapshots().size(), "only promotions publish at this cadence");
        assertServesTheRacesChampion(config, run);
    }

    /**
     * Every snapshot is the champion of a plain {@link AutoLearner} fed what the learning stage learned, batch by
     * batch (4 examples); the sane variant is promoted and broadcast at the promotion; every event is predicted by
     * the last snapshot published before it, and events after the promotion by the new champion.
     */
    private void assertServesTheRacesChampion(ServiceConfig config, Run run) {
        List<DriftEvent> promotions = run.drift().stream().filter(e -> e.getKind().equals("promoted")).toList();
        assertFalse(promotions.isEmpty(), "no promotion: " + run.drift());
        assertEquals("sane", promotions.get(0).getVariant());

        AutoLearner reference = new AutoLearner(config.auto().config(), config.auto().specs());
        List<byte[]> championAfterBatch = new ArrayList<>();
        int promotedAtBatch = -1;
        for (int r = 0; r < run.learned().size(); r++) {
            reference.learn(run.learned().get(r), run.weights().get(r), false);
            if (r % 4 == 3) {
                championAfterBatch.add(reference.champion().snapshot());
                if (promotedAtBatch < 0 && reference.championName().equals("sane")) {
                    promotedAtBatch = r / 4;
                }
            }
        }
        assertTrue(promotedAtBatch >= 0, "the reference promotes too");
        // Every variant steps on each batch of 4, so a snapshot's version is the number of batches learned.
        for (ModelSnapshot snapshot : run.snapshots()) {
            assertArrayEquals(championAfterBatch.get((int) snapshot.getVersion() - 1), state(snapshot),
                    "snapshot version " + snapshot.getVersion());
        }
        long firstAfterPromotion = promotedAtBatch + 1;
        assertTrue(run.snapshots().stream().anyMatch(s -> s.getVersion() == firstAfterPromotion),
                "the new champion is broadcast at the promotion: " + run.snapshots().stream()
                        .map(ModelSnapshot::getVersion).toList());

        InputEvents decoder = new InputEvents(config.model(), config.kafka(), codecs,
                new ModelAdmission(config.kafka().modelKeys()));
        List<LabeledEvent> events = eventsOf(config);
        boolean servedByNewChampion = false;
        for (int i = 0; i < run.predictions().size(); i++) {
            int before = run.snapshotsBefore().get(i);
            OnlineLearner served = new OnlineLearner(config.model());
            if (before > 0) {
                served.restore(state(run.snapshots().get(before - 1)));
            }
            ExampleBatch row = ExampleBatch.forModel(config.model());
            row.add(decoder.admit(codecs.events().encode(events.get(i))).example());
            double expected = served.predict(row).value(0, 0);
            assertEquals(expected, run.predictions().get(i).getTasks().get("y").getValue().doubleValue(),
                    "event " + i + " is predicted by the broadcast model it followed");
            servedByNewChampion |= before > 0 && run.snapshots().get(before - 1).getVersion() >= firstAfterPromotion;
        }
        assertTrue(servedByNewChampion, "some events come after the promotion's snapshot");
    }

    private static List<LabeledEvent> eventsOf(ServiceConfig config) {
        return config.labels() == null ? AutoTopologyTest.events(AutoTopologyTest.EVENTS)
                : AutoDelayedLabelsTopologyTest.events(AutoDelayedLabelsTopologyTest.EVENTS);
    }

    /**
     * Pipes the events (and their labels, when they come later) one by one, a millisecond apart on the wall clock, so
     * that every snapshot is newer than the last; collects what the learning stage learned (labeled events as
     * decoded, joined examples as joined) in order.
     */
    private Run run(ServiceConfig config, boolean delayed) {
        DeadLetterCounts counts = new DeadLetterCounts();
        var props = StreamsSettings.of(config.kafka(), "unused:9092", stateDir.resolve("split"), counts, Map.of());
        TopologyTestDriver driver = new TopologyTestDriver(ServiceTopology.build(config, codecs, counts,
                StepListener.NONE, "test"), props, Instant.ofEpochMilli(T0));
        drivers.add(driver);
        TestInputTopic<String, byte[]> in = driver.createInputTopic("events", new StringSerializer(),
                new ByteArraySerializer());
        TestOutputTopic<String, byte[]> predictions = driver.createOutputTopic("predictions", new StringDeserializer(),
                new ByteArrayDeserializer());
        TestOutputTopic<String, byte[]> snapshots = driver.createOutputTopic("snapshots", new StringDeserializer(),
                new ByteArrayDeserializer());
        List<LabeledEvent> events = eventsOf(config);
        InputEvents decoder = new InputEvents(config.model(), config.kafka(), codecs,
                new ModelAdmission(config.kafka().modelKeys()));
        List<ModelSnapshot> published = new ArrayList<>();
        List<Prediction> predicted = new ArrayList<>();
        List<Integer> snapshotsBefore = new ArrayList<>();
        List<Example> learned = new ArrayList<>();
        List<Float> weights = new ArrayList<>();
        TestInputTopic<String, byte[]> labels = delayed ? driver.createInputTopic("labels", new StringSerializer(),
                new ByteArraySerializer()) : null;
        TestOutputTopic<byte[], byte[]> joined = delayed ? driver.createOutputTopic(config.labels().joinedTopic(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer()) : null;
        List<AutoDelayedLabelsTopologyTest.Input> order = delayed ? AutoDelayedLabelsTopologyTest.order()
                : events.stream().map(e -> new AutoDelayedLabelsTopologyTest.Input(false, events.indexOf(e))).toList();
        for (AutoDelayedLabelsTopologyTest.Input input : order) {
            driver.advanceWallClockTime(Duration.ofMillis(1));
            int i = input.index();
            if (input.label()) {
                labels.pipeInput(new TestRecord<>(events.get(i).getId(), codecs.labels().encode(
                        AutoDelayedLabelsTopologyTest.label(events.get(i), i)), Instant.ofEpochMilli(T0 + i)));
                for (byte[] value : joined.readValuesToList()) {
                    JoinedExample example = decode(value);
                    learned.add(new Example(0, example.inputs(), example.labels(), example.labeled(),
                            example.featureSet()));
                    weights.add((float) example.weight());
                }
            } else {
                byte[] bytes = codecs.events().encode(events.get(i));
                in.pipeInput(new TestRecord<>("m", bytes, Instant.ofEpochMilli(T0 + i)));
                Example example = decoder.admit(bytes).example();
                if (example.hasAnyLabel()) {
                    learned.add(example);
                    weights.add(1f);
                }
                List<byte[]> out = predictions.readValuesToList();
                assertEquals(1, out.size(), "event " + i + " is predicted at once");
                predicted.add(codecs.predictions().decode(out.get(0)));
                snapshotsBefore.add(published.size());
            }
            snapshots.readValuesToList().forEach(s -> published.add(codecs.snapshots().decode(s)));
        }
        TestOutputTopic<String, byte[]> drift = driver.createOutputTopic("drift", new StringDeserializer(),
                new ByteArrayDeserializer());
        return new Run(published, predicted, snapshotsBefore,
                drift.readValuesToList().stream().map(codecs.driftEvents()::decode).toList(), learned, weights);
    }

    private static JoinedExample decode(byte[] value) {
        try {
            return JoinedExample.decode(value);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] state(ModelSnapshot snapshot) {
        byte[] state = new byte[snapshot.getState().remaining()];
        snapshot.getState().duplicate().get(state);
        return state;
    }
}
