package io.streammtl.stream;

import io.streammtl.avro.DriftEvent;
import io.streammtl.avro.LabelEvent;
import io.streammtl.avro.LabeledEvent;
import io.streammtl.avro.ModelSnapshot;
import io.streammtl.avro.Prediction;
import io.streammtl.config.ModelConfigLoader;
import io.streammtl.config.ServiceConfig;
import io.streammtl.learn.BatchPredictions;
import io.streammtl.learn.Example;
import io.streammtl.learn.ExampleBatch;
import io.streammtl.learn.auto.AutoLearner;
import io.streammtl.learn.auto.SelectionEvent;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tier 3: champion and challengers ({@code auto:}) with labels that come later ({@code labels:}). Every event is served
 * by the champion of the moment; each label, joined to its served event by id, reaches every variant as the trainer
 * reads it (with its weight, its inputs not counted twice), so the race and its promotions follow the trainer's input
 * order, bit for bit.
 */
class AutoDelayedLabelsTopologyTest {
    /** The base's rate is far too small, the variant's sane: the variant must take over. */
    static final String SPEC = """
            name: autodelayed
            seed: 5
            features: [{name: a}, {name: b}]
            tasks:
              - {name: y, kind: regression, label_ttl: 1h}
            trunk: {layers: [8]}
            optimizer: {kind: adam, lr: 0.000001}
            training: {batch_size: 4}
            auto:
              variants: [{lr: 0.01, name: sane}]
              max_live: 2
              window: 20
              min_examples: 20
            kafka:
              application_id: auto-delayed
              input_topics: [events]
              predictions_topic: predictions
              snapshots_topic: snapshots
              dead_letter_topic: dead-letters
              drift_topic: drift
              snapshot_every_steps: 1
              snapshot_every_seconds: 0
              status_every_seconds: 0
              prediction_flush_ms: 0
              models: [m]
              stages: %s
            labels: {topics: [labels]}
            """;
    static final int EVENTS = 160;
    /** Event i's label comes right after event i + LAG; the last LAG events are never labeled. */
    static final int LAG = 10;
    private static final long T0 = 1_700_000_000_000L;

    private final Codecs codecs = Codecs.create();
    private final List<TopologyTestDriver> drivers = new ArrayList<>();
    @TempDir
    Path stateDir;

    /** One input of the trainer, in the order it reads them: an event (index) or the label of one. */
    record Input(boolean label, int index) {
    }

    private record Run(List<Input> order, List<byte[]> events, List<Prediction> predictions,
                       List<DriftEvent> drift, List<byte[]> driftBytes, List<JoinedExample> joined,
                       List<ModelSnapshot> snapshots) {
    }

    static ServiceConfig config(String stages) {
        return ModelConfigLoader.parse(SPEC.formatted(stages));
    }

    /** {@code count} events of y = 2a − 3b, none with its label. */
    static List<LabeledEvent> events(int count) {
        SplittableRandom random = new SplittableRandom(11);
        List<LabeledEvent> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            double a = random.nextDouble() * 4;
            double b = random.nextDouble() - 0.5;
            out.add(LabeledEvent.newBuilder().setId("m-" + i).setModel("m").setEventTime(Instant.ofEpochMilli(T0 + i))
                    .setNumeric(Map.of("a", a, "b", b)).setCategorical(Map.of()).setLabels(Map.of()).build());
        }
        return out;
    }

    /** Event i's label, y = 2a − 3b, every fifth one weighing 2. */
    static LabelEvent label(LabeledEvent event, int i) {
        double y = 2 * event.getNumeric().get("a") - 3 * event.getNumeric().get("b");
        return LabelEvent.newBuilder().setId(event.getId()).setModel("m").setLabels(Map.of("y", y))
                .setLabelTime(Instant.ofEpochMilli(T0 + i + LAG)).setWeight(i % 5 == 0 ? 2.0 : null).build();
    }

    /** Events and labels in the order piped: label i right after event i + LAG. */
    static List<Input> order() {
        List<Input> out = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            out.add(new Input(false, i));
            if (i >= LAG) {
                out.add(new Input(true, i - LAG));
            }
        }
        return out;
    }

    @AfterEach
    void close() {
        drivers.forEach(TopologyTestDriver::close);
    }

    private Run run(ServiceConfig config, String name) {
        DeadLetterCounts counts = new DeadLetterCounts();
        var props = StreamsSettings.of(config.kafka(), "unused:9092", stateDir.resolve(name), counts, Map.of());
        TopologyTestDriver driver = new TopologyTestDriver(
                ServiceTopology.build(config, codecs, counts, StepListener.NONE, "test"), props,
                Instant.ofEpochMilli(T0));
        drivers.add(driver);
        TestInputTopic<String, byte[]> in = driver.createInputTopic("events", new StringSerializer(),
                new ByteArraySerializer());
        TestInputTopic<String, byte[]> labels = driver.createInputTopic("labels", new StringSerializer(),
                new ByteArraySerializer());
        List<LabeledEvent> events = events(EVENTS);
        List<byte[]> eventBytes = events.stream().map(codecs.events()::encode).toList();
        List<Input> order = order();
        for (Input input : order) {
            int i = input.index();
            if (input.label()) {
                byte[] labelBytes = codecs.labels().encode(label(events.get(i), i));
                labels.pipeInput(new TestRecord<>(events.get(i).getId(), labelBytes, Instant.ofEpochMilli(T0 + i + LAG)));
            } else {
                in.pipeInput(new TestRecord<>("m", eventBytes.get(i), Instant.ofEpochMilli(T0 + i)));
            }
        }
        TestOutputTopic<String, byte[]> predictions = driver.createOutputTopic("predictions", new StringDeserializer(),
                new ByteArrayDeserializer());
        TestOutputTopic<String, byte[]> drift = driver.createOutputTopic("drift", new StringDeserializer(),
                new ByteArrayDeserializer());
        TestOutputTopic<byte[], byte[]> joined = driver.createOutputTopic(config.labels().joinedTopic(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        TestOutputTopic<String, byte[]> snapshots = driver.createOutputTopic("snapshots", new StringDeserializer(),
                new ByteArrayDeserializer());
        List<byte[]> driftBytes = drift.readValuesToList();
        List<JoinedExample> joinedExamples = new ArrayList<>();
        for (byte[] value : joined.readValuesToList()) {
            try {
                joinedExamples.add(JoinedExample.decode(value));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
        return new Run(order, eventBytes, predictions.readValuesToList().stream().map(codecs.predictions()::decode)
                .toList(), driftBytes.stream().map(codecs.driftEvents()::decode).toList(), driftBytes, joinedExamples,
                snapshots.readValuesToList().stream().map(codecs.snapshots()::decode).toList());
    }

    /**
     * What the trainer must do, written out plainly: its batch closes on 4 inputs (the smallest variant batch size);
     * then the champion as of its last step predicts the batch's events, and every variant learns the inputs in
     * order, a joined example with its label's weight and its inputs already counted. Returns the predictions by
     * event id and adds the promotions, prunings and starts to {@code events}.
     */
    private Map<String, Float> reference(ServiceConfig config, Run run, AutoLearner auto, List<SelectionEvent> events) {
        InputEvents decoder = new InputEvents(config.model(), config.kafka(), codecs,
                new ModelAdmission(config.kafka().modelKeys()));
        Map<String, JoinedExample> joined = new HashMap<>();
        run.joined().forEach(j -> joined.put(new String(j.id(), StandardCharsets.UTF_8), j));
        Map<String, Float> predicted = new HashMap<>();
        List<Input> open = new ArrayList<>();
        for (Input input : run.order()) {
            open.add(input);
            if (open.size() < 4) {
                continue;
            }
            ExampleBatch batch = ExampleBatch.forModel(config.model());
            List<Example> examples = new ArrayList<>();
            for (Input row : open) {
                Example example = row.label() ? joinedExample(joined.get("m-" + row.index()))
                        : decoder.admit(run.events().get(row.index())).example();
                examples.add(example);
                batch.add(example);
            }
            BatchPredictions predictions = auto.champion().predict(batch);
            for (int r = 0; r < open.size(); r++) {
                if (!open.get(r).label()) {
                    predicted.put("m-" + open.get(r).index(), predictions.value(0, r));
                }
            }
            for (int r = 0; r < open.size(); r++) {
                events.addAll(open.get(r).label()
                        ? auto.learn(examples.get(r), (float) joined.get("m-" + open.get(r).index()).weight(), true)
                        : auto.learn(examples.get(r)));
            }
            open.clear();
        }
        return predicted;
    }

    private static Example joinedExample(JoinedExample joined) {
        return new Example(0, joined.inputs(), joined.labels(), joined.labeled(), joined.featureSet());
    }

    @Test
    void shouldPromoteTheSaneVariantOnLaterLabelsAndServeItsPredictionsFromThenOn() {
        ServiceConfig config = config("single");
        Run run = run(config, "single");
        AutoLearner reference = new AutoLearner(config.auto().config(), config.auto().specs());
        List<SelectionEvent> selections = new ArrayList<>();
        Map<String, Float> expected = reference(config, run, reference, selections);

        assertEquals(EVENTS - LAG, run.joined().size(), "every label joined its served event");
        assertEquals(2.0, run.joined().get(0).weight(), "the label's weight goes on to the trainer");
        List<DriftEvent> promotions = run.drift().stream().filter(e -> e.getKind().equals("promoted")).toList();
        assertFalse(promotions.isEmpty(), "no promotion: " + run.drift());
        assertEquals("sane", promotions.get(0).getVariant());
        assertEquals("base", promotions.get(0).getChampion());
        assertEquals(selections.stream().map(s -> s.kind().name().toLowerCase(java.util.Locale.ROOT) + " "
                + s.variant() + " " + s.example()).toList(), run.drift().stream()
                .filter(e -> e.getDetector().equals("auto")).map(e -> e.getKind() + " "
                + e.getVariant() + " " + e.getExamples()).toList(), "the race the trainer's input order makes");
        assertEquals("sane", reference.championName());
        assertEquals(expected.size(), run.predictions().size());
        for (Prediction prediction : run.predictions()) {
            assertEquals(expected.get(prediction.getEventId()).doubleValue(),
                    prediction.getTasks().get("y").getValue().doubleValue(),
                    "event " + prediction.getEventId() + " is predicted by the champion of its batch");
        }
        ModelSnapshot last = run.snapshots().get(run.snapshots().size() - 1);
        byte[] state = new byte[last.getState().remaining()];
        last.getState().duplicate().get(state);
        assertArrayEquals(reference.champion().snapshot(), state, "the broadcast model is the new champion's");
    }

    @Test
    void shouldGiveIdenticalPromotionsPredictionsAndModelsOnReplay() {
        Run first = run(config("single"), "replay-1");
        Run second = run(config("single"), "replay-2");

        assertTrue(first.drift().stream().anyMatch(e -> e.getKind().equals("promoted")));
        assertEquals(first.driftBytes().size(), second.driftBytes().size());
        for (int i = 0; i < first.driftBytes().size(); i++) {
            assertArrayEquals(first.driftBytes().get(i), second.driftBytes().get(i), "drift record " + i);
        }
        assertEquals(first.predictions().size(), second.predictions().size());
        for (int i = 0; i < first.predictions().size(); i++) {
            assertEquals(first.predictions().get(i).getTasks(), second.predictions().get(i).getTasks(),
                    "prediction " + i);
        }
        assertEquals(first.snapshots().get(first.snapshots().size() - 1).getState(),
                second.snapshots().get(second.snapshots().size() - 1).getState());
    }
}
