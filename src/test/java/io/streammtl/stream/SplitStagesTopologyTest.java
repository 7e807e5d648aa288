package io.streammtl.stream;

import io.streammtl.avro.LabelEvent;
import io.streammtl.avro.LabeledEvent;
import io.streammtl.avro.ModelSnapshot;
import io.streammtl.avro.Prediction;
import io.streammtl.config.ModelConfigLoader;
import io.streammtl.config.ServiceConfig;
import io.streammtl.config.Stages;
import io.streammtl.learn.BatchPredictions;
import io.streammtl.learn.ExampleBatch;
import io.streammtl.learn.OnlineLearner;
import io.streammtl.metrics.MetricRegistry;
import io.streammtl.metrics.ServiceMetrics;
import io.streammtl.stream.join.JoinedExample;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tier 3, {@code kafka.stages: split}: the prediction stage predicts every event once with the version of the model
 * its broadcast store held (the seeded version 0 before any snapshot), the learning stage learns each labeled event
 * once and exactly as the single stage does, bad records are dead-lettered once, and delayed labels still join the
 * prediction the prediction stage served.
 */
class SplitStagesTopologyTest {
    private static final String SPEC = """
            name: split
            seed: 5
            features: [{name: a}, {name: b}, {name: color, type: categorical, vocabulary: [red, blue]}]
            tasks:
              - {name: y, kind: regression}
              - {name: p, kind: binary}
              - {name: k, kind: multiclass, classes: [lo, mid, hi]}
            trunk: {layers: [8]}
            training: {batch_size: 4}
            kafka:
              input_topics: [events]
              predictions_topic: predictions
              snapshots_topic: snapshots
              dead_letter_topic: dead-letters
              snapshot_every_steps: 1
              snapshot_every_seconds: 0
              models: [alpha, beta]
              stages: %s
            """;

    /** The driver's wall clock: snapshots taken at time 0 would look like the seeded model. */
    private static final long T0 = 1_700_000_000_000L;

    private final Codecs codecs = Codecs.create();
    private final List<TopologyTestDriver> drivers = new ArrayList<>();
    @TempDir
    Path stateDir;

    private record Driver(ModelBroadcast models, TestInputTopic<String, byte[]> in,
                          TestOutputTopic<String, byte[]> predictions, TestOutputTopic<String, byte[]> snapshots,
                          TestOutputTopic<byte[], byte[]> deadLetters, DeadLetterCounts counts,
                          TopologyTestDriver driver) {
    }

    @AfterEach
    void close() {
        drivers.forEach(TopologyTestDriver::close);
    }

    private Driver driver(ServiceConfig config, String name) {
        return driver(config, name, StepListener.NONE, new ModelBroadcast(config.model(), codecs));
    }

    private Driver driver(ServiceConfig config, String name, StepListener listener, ModelBroadcast models) {
        DeadLetterCounts counts = new DeadLetterCounts();
        var props = StreamsSettings.of(config.kafka(), "unused:9092", stateDir.resolve(name), counts, Map.of());
        TopologyTestDriver driver = new TopologyTestDriver(ServiceTopology.build(config, codecs, counts,
                listener, JoinListener.NONE, models, "test"), props, Instant.ofEpochMilli(T0));
        drivers.add(driver);
        return new Driver(models, driver.createInputTopic("events", new StringSerializer(), new ByteArraySerializer()),
                driver.createOutputTopic("predictions", new StringDeserializer(), new ByteArrayDeserializer()),
                driver.createOutputTopic("snapshots", new StringDeserializer(), new ByteArrayDeserializer()),
                driver.createOutputTopic("dead-letters", new ByteArrayDeserializer(), new ByteArrayDeserializer()),
                counts, driver);
    }

    /** The split spec with task p's labels coming later on a labels topic. */
    private static String delayedSpec() {
        return SPEC.formatted("split").replace("  - {name: p, kind: binary}",
                "  - {name: p, kind: binary, label_ttl: 1m}") + "labels: {topics: [labels], orphan_wait: 5s}\n";
    }

    private static ServiceConfig config(String stages) {
        return ModelConfigLoader.parse(SPEC.formatted(stages));
    }

    /** Two models' events interleaved, keyed by anything (here the event id), most labeled, every fifth not. */
    private static List<LabeledEvent> interleaved(int perModel) {
        List<LabeledEvent> alpha = ServiceTopologyTest.stream(perModel, "alpha", 11);
        List<LabeledEvent> beta = ServiceTopologyTest.stream(perModel, "beta", 12);
        List<LabeledEvent> out = new ArrayList<>();
        for (int i = 0; i < perModel; i++) {
            out.add(alpha.get(i));
            out.add(beta.get(i));
        }
        return out;
    }

    @Test
    void shouldPredictEveryEventOnceWithTheVersionTheBroadcastHeldAndLearnEachLabeledEventOnce() throws IOException {
        ServiceConfig config = config("split");
        MetricRegistry registry = new MetricRegistry();
        ServiceMetrics metrics = new ServiceMetrics(config.model(), registry);
        ModelBroadcast broadcast = new ModelBroadcast(config.model(), codecs);
        broadcast.listen(metrics.servingListener());
        Driver d = driver(config, "split", metrics, broadcast);
        List<LabeledEvent> events = interleaved(40);
        Map<String, Long> expectedVersion = new HashMap<>();
        Map<String, Long> labeled = new HashMap<>();
        for (LabeledEvent e : events) {
            expectedVersion.put(e.getId(), Math.max(0, d.models().version(e.getModel())));
            if (!e.getLabels().isEmpty()) {
                labeled.merge(e.getModel(), 1L, Long::sum);
            }
            d.in().pipeInput(e.getId(), codecs.events().encode(e));
        }
        Map<String, Long> servedVersion = new HashMap<>();
        for (byte[] value : d.predictions().readValuesToList()) {
            Prediction p = codecs.predictions().decode(value);
            assertEquals(null, servedVersion.put(p.getEventId(), p.getModelVersion()), "one prediction per event");
        }
        assertEquals(expectedVersion, servedVersion, "each event predicted by the version its store held then");
        assertTrue(servedVersion.values().stream().anyMatch(v -> v > 0), "later events see published models");

        Map<String, ModelSnapshot> last = lastSnapshots(d);
        for (String model : List.of("alpha", "beta")) {
            OnlineLearner learner = restore(config("split"), last.get(model));
            assertEquals(labeled.get(model), learner.counters().examples(), model + ": each labeled event learned once");
        }
        assertEquals(0, d.counts().total());
        StringWriter scrape = new StringWriter();
        registry.write(scrape);
        String text = scrape.toString();
        long learned = labeled.values().stream().mapToLong(Long::longValue).sum();
        assertTrue(text.contains("streammtl_stage_events_total{model=\"split\",stage=\"predict\",} 80.0"), text);
        assertTrue(text.contains("streammtl_stage_events_total{model=\"split\",stage=\"learn\",} " + learned + ".0"),
                text);
        long lastServed = servedVersion.get(events.get(events.size() - 1).getId());
        assertTrue(text.contains("streammtl_prediction_model_version{model=\"split\",} " + lastServed + ".0"), text);
    }

    @Test
    void shouldKeepThePredictionStageInASubtopologyOfItsOwnWithoutTheLearnersStore() {
        for (ServiceConfig config : List.of(config("split"), ModelConfigLoader.parse(delayedSpec()))) {
            var subtopologies = ServiceTopology.build(config, codecs, new DeadLetterCounts(), StepListener.NONE,
                    JoinListener.NONE, new ModelBroadcast(config.model(), codecs), "test").describe().subtopologies();
            var predicting = subtopologies.stream().filter(s -> nodeNames(s).contains(ServiceTopology.PREDICT))
                    .findFirst().orElseThrow();
            // Together, every task would read an input partition and a learning partition and wait on both, and the
            // stateless prediction would move with the learner's store.
            assertFalse(nodeNames(predicting).contains(ServiceTopology.TRAINER), predicting.toString());
            assertTrue(predicting.nodes().stream().noneMatch(n -> n instanceof
                    org.apache.kafka.streams.TopologyDescription.Processor p && !p.stores().isEmpty()),
                    predicting.toString());
        }
    }

    private static java.util.Set<String> nodeNames(org.apache.kafka.streams.TopologyDescription.Subtopology s) {
        return s.nodes().stream().map(org.apache.kafka.streams.TopologyDescription.Node::name)
                .collect(java.util.stream.Collectors.toSet());
    }

    @Test
    void shouldLearnTheSameModelBitForBitAsTheSingleStage() {
        List<LabeledEvent> events = new ArrayList<>(ServiceTopologyTest.labeledStream(48, "alpha", 21));
        events.addAll(ServiceTopologyTest.labeledStream(48, "beta", 22));
        Driver single = driver(config("single"), "single");
        Driver split = driver(config("split"), "split");
        for (LabeledEvent e : events) {
            single.in().pipeInput(e.getModel(), codecs.events().encode(e));
            split.in().pipeInput(e.getId(), codecs.events().encode(e));
        }
        Map<String, ModelSnapshot> fromSingle = lastSnapshots(single);
        Map<String, ModelSnapshot> fromSplit = lastSnapshots(split);
        for (String model : List.of("alpha", "beta")) {
            assertEquals(12, fromSplit.get(model).getVersion(), model + ": 48 events in batches of 4");
            assertEquals(fromSingle.get(model).getVersion(), fromSplit.get(model).getVersion());
            assertArrayEquals(state(fromSingle.get(model)), state(fromSplit.get(model)), model);
        }
    }

    @Test
    void shouldPredictWithTheSeededVersionZeroModelBeforeAnySnapshot() {
        ServiceConfig config = config("split");
        Driver d = driver(config, "split");
        LabeledEvent first = ServiceTopologyTest.event("x", "alpha", 1.5, 0.25, "blue", Map.of());
        d.in().pipeInput("x", codecs.events().encode(first));
        Prediction p = codecs.predictions().decode(d.predictions().readValue());
        assertEquals(0, p.getModelVersion());

        OnlineLearner seeded = new OnlineLearner(config.model());
        ExampleBatch batch = new ExampleBatch(1, config.model().inputWidth(), 3);
        batch.add(new EventValidator(config.model()).toExample(first).inputs());
        BatchPredictions expected = seeded.predict(batch);
        assertEquals(expected.value(0, 0), p.getTasks().get("y").getValue().floatValue());
        assertEquals(expected.value(1, 0), p.getTasks().get("p").getProbability().floatValue());
        assertTrue(d.snapshots().isEmpty(), "an unlabeled event teaches nothing, so nothing is published");
    }

    @Test
    void shouldDeadLetterEachBadRecordOnceAndPredictIt() {
        Driver d = driver(config("split"), "split");
        d.in().pipeInput("junk", "not avro".getBytes(StandardCharsets.UTF_8));
        LabeledEvent unknown = ServiceTopologyTest.event("u", "gamma", 1, 0, "red", Map.of("y", 1.0));
        d.in().pipeInput("u", codecs.events().encode(unknown));
        LabeledEvent good = ServiceTopologyTest.event("g", "alpha", 1, 0, "red", Map.of("y", 1.0));
        d.in().pipeInput("g", codecs.events().encode(good));

        List<byte[]> letters = d.deadLetters().readValuesToList();
        assertEquals(2, letters.size());
        assertEquals(2, d.counts().total());
        assertArrayEquals("not avro".getBytes(StandardCharsets.UTF_8), letters.get(0));
        assertArrayEquals(codecs.events().encode(unknown), letters.get(1));
        List<byte[]> predictions = d.predictions().readValuesToList();
        assertEquals(1, predictions.size(), "only the good event is predicted");
        assertEquals("g", codecs.predictions().decode(predictions.get(0)).getEventId());
    }

    @Test
    void shouldJoinDelayedLabelsWithThePredictionTheStageServed() throws IOException {
        ServiceConfig config = ModelConfigLoader.parse(delayedSpec());
        Driver d = driver(config, "join");
        TestInputTopic<String, byte[]> labels = d.driver().createInputTopic("labels", new StringSerializer(),
                new ByteArraySerializer());
        TestOutputTopic<byte[], byte[]> joined = d.driver().createOutputTopic(config.labels().joinedTopic(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        for (int i = 0; i < 8; i++) {
            LabeledEvent e = ServiceTopologyTest.event("e" + i, "alpha", i * 0.5, 0.1, "red", Map.of("y", i * 1.0));
            d.in().pipeInput(e.getId(), codecs.events().encode(e));
        }
        Map<String, Long> served = new HashMap<>();
        for (byte[] value : d.predictions().readValuesToList()) {
            Prediction p = codecs.predictions().decode(value);
            served.put(p.getEventId(), p.getModelVersion());
        }
        assertEquals(8, served.size());
        for (int i = 0; i < 8; i++) {
            LabelEvent label = LabelEvent.newBuilder().setId("e" + i).setModel("alpha").setLabels(
                    Map.of("p", i % 2 == 0 ? 1.0 : 0.0)).setLabelTime(Instant.ofEpochMilli(1)).build();
            labels.pipeInput("e" + i, codecs.labels().encode(label));
        }
        List<JoinedExample> examples = new ArrayList<>();
        for (byte[] value : joined.readValuesToList()) {
            examples.add(JoinedExample.decode(value));
        }
        assertEquals(8, examples.size(), "every served event joined its label once");
        for (JoinedExample example : examples) {
            String id = new String(example.id(), StandardCharsets.UTF_8);
            assertEquals(served.get(id), example.servedVersion(), id + ": the stage's served version");
        }
        assertNotEquals(0, served.get("e7"), "the broadcast had a model by the last event");
        OnlineLearner learner = restore(config, lastSnapshots(d).get("alpha"));
        assertEquals(16, learner.counters().examples(), "8 labeled events and their 8 joined examples");
        assertEquals(0, d.counts().total());
    }

    private Map<String, ModelSnapshot> lastSnapshots(Driver d) {
        Map<String, ModelSnapshot> last = new HashMap<>();
        for (byte[] value : d.snapshots().readValuesToList()) {
            ModelSnapshot s = codecs.snapshots().decode(value);
            last.put(s.getModel(), s);
        }
        return last;
    }

    private static OnlineLearner restore(ServiceConfig config, ModelSnapshot snapshot) {
        OnlineLearner learner = new OnlineLearner(config.model());
        learner.restore(state(snapshot));
        return learner;
    }

    private static byte[] state(ModelSnapshot snapshot) {
        byte[] state = new byte[snapshot.getState().remaining()];
        snapshot.getState().duplicate().get(state);
        return state;
    }
}
