package io.streammtl.stream;

import io.streammtl.avro.LabeledEvent;
import io.streammtl.avro.ModelSnapshot;
import io.streammtl.avro.Prediction;
import io.streammtl.avro.TaskPrediction;
import io.streammtl.config.ServiceConfig;
import io.streammtl.config.ModelConfigLoader;
import io.streammtl.learn.ExampleBatch;
import io.streammtl.learn.OnlineLearner;
import org.apache.kafka.common.header.Header;
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

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServiceTopologyTest {
    static final String SPEC = """
            name: toy
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
              snapshot_every_steps: 2
              snapshot_every_seconds: 0
              prediction_flush_ms: %d
              keyed_by_model: %s
              models: [m, alpha, beta]
            """;

    private final Codecs codecs = Codecs.create();
    private final List<TopologyTestDriver> drivers = new ArrayList<>();
    @TempDir
    Path stateDir;

    private record Driver(TopologyTestDriver driver, TestInputTopic<String, byte[]> in,
                          TestOutputTopic<String, byte[]> predictions, TestOutputTopic<String, byte[]> snapshots,
                          TestOutputTopic<byte[], byte[]> deadLetters, DeadLetterCounts counts) {
    }

    static ServiceConfig config(long flushMillis, boolean keyedByModel) {
        return ModelConfigLoader.parse(SPEC.formatted(flushMillis, keyedByModel));
    }

    private Driver driver(ServiceConfig config, String name) {
        DeadLetterCounts counts = new DeadLetterCounts();
        var props = StreamsSettings.of(config.kafka(), "unused:9092", stateDir.resolve(name), counts, Map.of());
        TopologyTestDriver driver = new TopologyTestDriver(
                ServiceTopology.build(config, codecs, counts, StepListener.NONE, "test"), props, Instant.EPOCH);
        drivers.add(driver);
        return new Driver(driver,
                driver.createInputTopic("events", new StringSerializer(), new ByteArraySerializer()),
                driver.createOutputTopic("predictions", new StringDeserializer(), new ByteArrayDeserializer()),
                driver.createOutputTopic("snapshots", new StringDeserializer(), new ByteArrayDeserializer()),
                driver.createOutputTopic("dead-letters", new ByteArrayDeserializer(), new ByteArrayDeserializer()),
                counts);
    }

    @AfterEach
    void close() {
        drivers.forEach(TopologyTestDriver::close);
    }

    static LabeledEvent event(String id, String model, double a, double b, String color, Map<String, Object> labels) {
        return LabeledEvent.newBuilder().setId(id).setModel(model).setEventTime(Instant.ofEpochMilli(1000))
                .setNumeric(Map.of("a", a, "b", b)).setCategorical(Map.of("color", color)).setLabels(labels).build();
    }

    /** A seeded stream of events, most labeled for some tasks, every fifth one unlabeled. */
    static List<LabeledEvent> stream(int count, String model, long seed) {
        return stream(count, model, seed, true);
    }

    /** Like {@link #stream} but every event is labeled for every task. */
    static List<LabeledEvent> labeledStream(int count, String model, long seed) {
        return stream(count, model, seed, false);
    }

    private static List<LabeledEvent> stream(int count, String model, long seed, boolean partial) {
        SplittableRandom random = new SplittableRandom(seed);
        List<LabeledEvent> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            double a = random.nextDouble() * 4;
            double b = random.nextDouble() - 0.5;
            double y = 2 * a - 3 * b;
            Map<String, Object> labels = new HashMap<>();
            if (!partial || i % 5 != 4) {
                labels.put("y", y);
                labels.put("p", y > 4 ? 1.0 : 0.0);
                if (!partial || i % 2 == 0) {
                    labels.put("k", y < 2 ? "lo" : y < 5 ? "mid" : "hi");
                }
            }
            out.add(event(model + "-" + i, model, a, b, i % 3 == 0 ? "red" : partial ? "green" : "blue", labels));
        }
        return out;
    }

    private void send(Driver d, List<LabeledEvent> events) {
        for (LabeledEvent e : events) {
            d.in().pipeInput(e.getModel(), codecs.events().encode(e));
        }
    }

    private List<Prediction> predictions(Driver d) {
        return d.predictions().readValuesToList().stream().map(codecs.predictions()::decode).toList();
    }

    @Test
    void shouldPredictEveryEventOnceWhenItsBatchCloses() {
        Driver d = driver(config(0, true), "once");
        List<LabeledEvent> events = stream(20, "m", 1);
        send(d, events);
        List<Prediction> out = predictions(d);
        // Every 5th event (4, 9, 14, 19) is unlabeled: batches of 4 labeled events close after events 3, 8, 13
        // and 18; event 19 is still pending.
        assertEquals(19, out.size());
        Set<String> ids = new HashSet<>();
        out.forEach(p -> assertTrue(ids.add(p.getEventId()), "one prediction per event"));
        assertEquals(events.subList(0, 19).stream().map(LabeledEvent::getId)
                .collect(java.util.stream.Collectors.toSet()), ids);
        assertEquals(0, out.get(0).getModelVersion());
        assertEquals(3, out.get(18).getModelVersion(), "the last batch was predicted by the model after 3 steps");
        TaskPrediction k = out.get(0).getTasks().get("k");
        assertEquals(1.0, k.getClassProbabilities().values().stream().mapToDouble(Double::doubleValue).sum(), 1e-6);
        assertTrue(Set.of("lo", "mid", "hi").contains(k.getPredictedClass()));
        assertNotNull(out.get(0).getTasks().get("y").getValue());
        double p = out.get(0).getTasks().get("p").getProbability();
        assertTrue(p > 0 && p < 1);
        assertEquals(Instant.ofEpochMilli(1000), out.get(0).getEventTime());
    }

    @Test
    void shouldFlushPendingPredictionsEarlyAndNeverTwice() {
        Driver d = driver(config(100, true), "flush");
        List<LabeledEvent> events = stream(5, "m", 2);
        send(d, events.subList(0, 3));
        assertTrue(d.predictions().isEmpty(), "batch still open, no flush yet");
        d.driver().advanceWallClockTime(Duration.ofMillis(150));
        assertEquals(3, predictions(d).size());
        send(d, events.subList(3, 5));
        // Event 3 closes the batch (4 labeled): only it is predicted now; event 4 is unlabeled and pending.
        List<Prediction> second = predictions(d);
        assertEquals(List.of("m-3"), second.stream().map(Prediction::getEventId).toList());
        d.driver().advanceWallClockTime(Duration.ofMillis(150));
        assertEquals(List.of("m-4"), predictions(d).stream().map(Prediction::getEventId).toList());
        d.driver().advanceWallClockTime(Duration.ofMillis(150));
        assertTrue(d.predictions().isEmpty());
    }

    @Test
    void shouldPublishVersionedSnapshotsEveryNSteps() {
        Driver d = driver(config(0, true), "snap");
        send(d, stream(20, "m", 3));
        List<TestRecord<String, byte[]>> records = d.snapshots().readRecordsToList();
        assertEquals(2, records.size(), "steps 2 and 4 with snapshot_every_steps 2");
        ModelSnapshot last = codecs.snapshots().decode(records.get(1).value());
        assertEquals("m/0", records.get(1).key());
        assertEquals(4, last.getVersion());
        assertEquals(1, last.getChunks());
        assertEquals(64, last.getConfigHash().length());
        assertEquals("test", last.getCodeVersion());
        byte[] state = new byte[last.getState().remaining()];
        last.getState().get(state);
        OnlineLearner restored = new OnlineLearner(config(0, true).model());
        restored.restore(state);
        assertEquals(4, restored.counters().applied());
    }

    @Test
    void shouldProduceIdenticalModelAndPredictionsOnReplay() {
        List<LabeledEvent> events = stream(40, "m", 4);
        Driver first = driver(config(0, true), "replay-1");
        Driver second = driver(config(0, true), "replay-2");
        send(first, events);
        send(second, events);
        List<byte[]> a = first.snapshots().readValuesToList();
        List<byte[]> b = second.snapshots().readValuesToList();
        assertEquals(a.size(), b.size());
        ByteBuffer lastA = codecs.snapshots().decode(a.get(a.size() - 1)).getState();
        ByteBuffer lastB = codecs.snapshots().decode(b.get(b.size() - 1)).getState();
        assertEquals(lastA, lastB, "bit-identical model state");
        List<Prediction> pa = predictions(first);
        List<Prediction> pb = predictions(second);
        assertEquals(pa.size(), pb.size());
        for (int i = 0; i < pa.size(); i++) {
            assertEquals(pa.get(i).getTasks(), pb.get(i).getTasks());
        }
    }

    @Test
    void shouldRouteEachModelKeyToItsOwnModel() {
        Driver d = driver(config(0, false), "route");
        List<LabeledEvent> events = new ArrayList<>(stream(8, "alpha", 5));
        events.addAll(stream(4, "beta", 6));
        send(d, events);
        // Each model closed one batch of 4 labeled events with its untrained model.
        Map<String, Long> count = new HashMap<>();
        predictions(d).forEach(p -> count.merge(p.getModel() + "@" + p.getModelVersion(), 1L, Long::sum));
        assertEquals(Map.of("alpha@0", 4L, "beta@0", 4L), count);
        send(d, stream(12, "beta", 7));
        count.clear();
        predictions(d).forEach(p -> count.merge(p.getModel() + "@" + p.getModelVersion(), 1L, Long::sum));
        // beta's own step count goes 1, 2; had it shared alpha's model the versions would be 2, 3.
        assertEquals(Map.of("beta@1", 4L, "beta@2", 5L), count);
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private void assertDeadLettered(Driver d, byte[] value, DeadLetterReason reason) {
        d.in().pipeInput("m", value);
        List<TestRecord<byte[], byte[]>> out = d.deadLetters().readRecordsToList();
        assertEquals(1, out.size(), reason.code());
        assertEquals(reason.code(), header(out.get(0), DeadLetterHandler.REASON_HEADER));
        assertNotNull(header(out.get(0), DeadLetterHandler.DETAIL_HEADER));
        assertArrayEquals(value, out.get(0).value(), "the original bytes");
        assertEquals(1, d.counts().count(reason));
    }

    private byte[] encode(LabeledEvent event) {
        return codecs.events().encode(event);
    }

    @Test
    void shouldDeadLetterEveryKindOfBadInputAndKeepRunning() {
        Driver d = driver(config(0, true), "dlq");
        Map<String, Object> ok = Map.of("y", 1.0);
        assertDeadLettered(d, new byte[] {1, 2, 3}, DeadLetterReason.UNDECODABLE);
        byte[] unknown = encode(event("x", "m", 1, 1, "red", ok));
        unknown[2] ^= (byte) 0xFF;
        assertDeadLettered(d, unknown, DeadLetterReason.UNKNOWN_SCHEMA);
        assertDeadLettered(d, encode(event("x", "m", 1, 1, "red", Map.of("z", 1.0))), DeadLetterReason.UNKNOWN_TASK);
        LabeledEvent missing = event("x", "m", 1, 1, "red", ok);
        missing.setNumeric(Map.of("a", 1.0));
        assertDeadLettered(d, encode(missing), DeadLetterReason.MISSING_FEATURE);
        LabeledEvent extra = event("x", "m", 1, 1, "red", ok);
        extra.setNumeric(Map.of("a", 1.0, "b", 2.0, "c", 3.0));
        assertDeadLettered(d, encode(extra), DeadLetterReason.EXTRA_FEATURE);
        LabeledEvent dense = event("x", "m", 1, 1, "red", ok);
        dense.setNumeric(Map.of());
        dense.setDense(List.of(1.0, 2.0, 3.0));
        assertDeadLettered(d, encode(dense), DeadLetterReason.WRONG_DENSE_LENGTH);
        assertDeadLettered(d, encode(event("x", "m", Double.NaN, 1, "red", ok)), DeadLetterReason.NON_FINITE_FEATURE);
        assertDeadLettered(d, encode(event("x", "m", 1, 1, "red", Map.of("k", "huge"))), DeadLetterReason.UNKNOWN_CLASS);
        assertDeadLettered(d, encode(event("x", "m", 1, 1, "red", Map.of("y", Double.POSITIVE_INFINITY))),
                DeadLetterReason.NON_FINITE_LABEL);
        assertDeadLettered(d, encode(event("x", "m", 1, 1, "red", Map.of("p", 2.0))), DeadLetterReason.BINARY_LABEL_NOT_0_1);
        assertDeadLettered(d, encode(event("x", "m", 1, 1, "red", Map.of("y", "tall"))), DeadLetterReason.WRONG_LABEL_TYPE);
        assertEquals(11, d.counts().total());
        assertTrue(d.predictions().isEmpty(), "nothing bad reached the model");

        send(d, stream(5, "m", 8));
        assertEquals(4, predictions(d).size(), "the service kept running (events 0-3 close a batch)");
    }

    @Test
    void shouldAcceptTheDenseFastPath() {
        Driver d = driver(config(100, true), "dense");
        LabeledEvent dense = event("d", "m", 0, 0, "blue", Map.of("y", 2.0));
        dense.setNumeric(Map.of());
        dense.setDense(List.of(1.5, -0.5));
        d.in().pipeInput("m", encode(dense));
        d.driver().advanceWallClockTime(Duration.ofMillis(200));
        assertEquals(List.of("d"), predictions(d).stream().map(Prediction::getEventId).toList());
        assertTrue(d.deadLetters().isEmpty());
    }

    @Test
    void shouldPredictUnlabeledEventsWithoutLearning() {
        Driver d = driver(config(0, true), "unlabeled");
        List<LabeledEvent> events = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            events.add(event("u" + i, "m", i, 0, "red", Map.of()));
        }
        send(d, events);
        List<Prediction> out = predictions(d);
        assertEquals(8, out.size(), "2B unlabeled events close a batch so their predictions flow");
        assertTrue(out.stream().allMatch(p -> p.getModelVersion() == 0), "nothing was learned");
        assertTrue(d.snapshots().isEmpty());
    }

    @Test
    void shouldReadEveryTopicMatchingTheInputPattern() {
        ServiceConfig config = ModelConfigLoader.parse(SPEC.formatted(0, true)
                .replace("input_topics: [events]", "input_pattern: 'events-.*'"));
        DeadLetterCounts counts = new DeadLetterCounts();
        TopologyTestDriver driver = new TopologyTestDriver(ServiceTopology.build(config, codecs, counts,
                StepListener.NONE, "test"), StreamsSettings.of(config.kafka(), "unused:9092", stateDir.resolve("pattern"),
                counts, Map.of()));
        drivers.add(driver);
        var east = driver.createInputTopic("events-east", new StringSerializer(), new ByteArraySerializer());
        var west = driver.createInputTopic("events-west", new StringSerializer(), new ByteArraySerializer());
        List<LabeledEvent> events = labeledStream(4, "m", 9);
        east.pipeInput("m", encode(events.get(0)));
        west.pipeInput("m", encode(events.get(1)));
        east.pipeInput("m", encode(events.get(2)));
        west.pipeInput("m", encode(events.get(3)));
        var out = driver.createOutputTopic("predictions", new StringDeserializer(), new ByteArrayDeserializer());
        assertEquals(4, out.readValuesToList().size(), "one batch of 4 from both topics");
    }

    @Test
    void shouldChunkALargeModelInTheStoreAndTheSnapshotsTopic() {
        ServiceConfig config = ModelConfigLoader.parse(SPEC.formatted(0, true)
                .replace("trunk: {layers: [8]}", "trunk: {layers: [400, 400]}")
                .replace("snapshot_every_steps: 2", "snapshot_every_steps: 1"));
        Driver d = driver(config, "chunks");
        send(d, labeledStream(4, "m", 10));
        List<TestRecord<String, byte[]>> snapshots = d.snapshots().readRecordsToList();
        int chunks = codecs.snapshots().decode(snapshots.get(0).value()).getChunks();
        assertTrue(chunks > 1, "a ~2 MB state needs several 512 KiB chunks, got " + chunks);
        assertEquals(chunks, snapshots.size());
        java.io.ByteArrayOutputStream joined = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < chunks; i++) {
            assertEquals("m/" + i, snapshots.get(i).key());
            ByteBuffer part = codecs.snapshots().decode(snapshots.get(i).value()).getState();
            byte[] bytes = new byte[part.remaining()];
            part.get(bytes);
            assertTrue(bytes.length <= ModelStateStore.CHUNK_BYTES);
            joined.writeBytes(bytes);
        }
        OnlineLearner fromTopic = new OnlineLearner(config.model());
        fromTopic.restore(joined.toByteArray());
        assertEquals(1, fromTopic.counters().applied());
        var stored = new ModelStateStore(d.driver().getKeyValueStore(config.kafka().stateStore())).readAll().get("m");
        assertArrayEquals(joined.toByteArray(), stored.state(), "the store holds the same state, reassembled");
        assertEquals(1, stored.batches());
    }

    @Test
    void shouldPublishTimedSnapshotsOnlyWhenTheModelChanged() {
        ServiceConfig config = ModelConfigLoader.parse(SPEC.formatted(0, true)
                .replace("snapshot_every_steps: 2", "snapshot_every_steps: 0")
                .replace("snapshot_every_seconds: 0", "snapshot_every_seconds: 5"));
        Driver d = driver(config, "timed");
        send(d, labeledStream(4, "m", 11));
        assertTrue(d.snapshots().isEmpty());
        d.driver().advanceWallClockTime(Duration.ofSeconds(6));
        assertEquals(1, codecs.snapshots().decode(d.snapshots().readValue()).getVersion());
        d.driver().advanceWallClockTime(Duration.ofSeconds(6));
        assertTrue(d.snapshots().isEmpty(), "no new step, no new snapshot");
    }

    @Test
    void shouldPublishDriftSignalsAndTaskStatusOnTheDriftTopic() {
        ServiceConfig config = ModelConfigLoader.parse(SPEC.formatted(0, true)
                .replace("{name: p, kind: binary}", "{name: p, kind: binary, drift: {detector: adwin, response: reset_head}}")
                .replace("kafka:", "metrics: {window: 100}\nkafka:"));
        Driver d = driver(config, "drift");
        var drift = d.driver().createOutputTopic("toy-drift", new StringDeserializer(), new ByteArrayDeserializer());
        SplittableRandom random = new SplittableRandom(12);
        List<LabeledEvent> events = new ArrayList<>();
        for (int i = 0; i < 6000; i++) {
            double a = random.nextDouble() * 4;
            boolean label = i < 3000 ? a > 2 : a <= 2;
            events.add(event("e" + i, "m", a, 0, "red", Map.of("p", label ? 1.0 : 0.0)));
        }
        send(d, events);
        List<io.streammtl.avro.DriftEvent> signals = drift.readValuesToList().stream()
                .map(codecs.driftEvents()::decode).toList();
        io.streammtl.avro.DriftEvent worse = signals.stream()
                .filter(e -> e.getLevel().equals("drift") && e.getLossAfter() != null && e.getLossBefore() != null
                        && e.getLossAfter() > e.getLossBefore())
                .findFirst().orElseThrow(() -> new AssertionError("no drift for the worse in " + signals));
        assertEquals("p", worse.getTask());
        assertEquals("adwin", worse.getDetector());
        assertEquals("reset_head", worse.getResponse());
        assertTrue(worse.getExamples() > 3000 && worse.getExamples() < 3600, "detected at " + worse.getExamples());
        assertTrue(worse.getSource().startsWith("events-0@"), worse.getSource());
        d.driver().advanceWallClockTime(Duration.ofSeconds(11));
        List<io.streammtl.avro.TaskStatus> statuses = drift.readValuesToList().stream()
                .map(codecs.statuses()::decode).toList();
        assertEquals(3, statuses.size(), "one status per task");
        io.streammtl.avro.TaskStatus p = statuses.stream().filter(st -> st.getTask().equals("p")).findFirst().orElseThrow();
        assertEquals("adwin", p.getDetector());
        assertTrue(p.getMetrics().containsKey("accuracy"));
        assertEquals(6000, p.getExamples());
    }
}
