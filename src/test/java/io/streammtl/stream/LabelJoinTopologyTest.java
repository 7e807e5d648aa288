package io.streammtl.stream;

import io.streammtl.avro.LabelEvent;
import io.streammtl.avro.LabeledEvent;
import io.streammtl.avro.ModelSnapshot;
import io.streammtl.avro.Prediction;
import io.streammtl.config.ModelConfigLoader;
import io.streammtl.config.ServiceConfig;
import io.streammtl.metrics.MetricRegistry;
import io.streammtl.metrics.ServiceMetrics;
import io.streammtl.stream.join.JoinedExample;
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

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The label join on the topology: labels that come after their events meet the prediction that was served, by
 * (model, event id), whatever the order; each task waits for its own TTL and expires by its own policy; late,
 * orphan, duplicate and malformed labels are dead letters with their reason; and a replay learns the same model.
 */
class LabelJoinTopologyTest {
    /** Times in the test: the driver's wall clock and the records' timestamps start here. */
    private static final long T0 = 1_700_000_000_000L;
    private static final String SPEC = """
            name: delayed
            features: [{name: a}, {name: b}]
            tasks:
              - {name: y, kind: regression, label_ttl: 1m}
              - {name: c, kind: binary, label_ttl: 10s, on_expiry: negative}
              - {name: z, kind: regression}
            training: {batch_size: 2}
            kafka: {application_id: join-test, input_topics: [events], snapshot_every_steps: 1, prediction_flush_ms: 100}
            labels: {topics: [labels], orphan_wait: 5s, late_window: 1h, idle_advance: 1s}
            """;

    private final Codecs codecs = Codecs.create();
    private final List<TopologyTestDriver> drivers = new ArrayList<>();
    @TempDir
    Path stateDir;

    /** A driver over the service topology with its topics. */
    private record Driver(TopologyTestDriver driver, TestInputTopic<String, byte[]> events,
                          TestInputTopic<String, byte[]> labels, TestOutputTopic<String, byte[]> predictions,
                          TestOutputTopic<byte[], byte[]> joined, TestOutputTopic<byte[], byte[]> deadLetters,
                          TestOutputTopic<String, byte[]> snapshots, DeadLetterCounts counts,
                          MetricRegistry registry) {
        void advance(long millis) {
            driver.advanceWallClockTime(Duration.ofMillis(millis));
        }

        /** The value of the one sample of {@code name} whose labels contain {@code label}. */
        double metric(String name, String label) {
            StringWriter scrape = new StringWriter();
            try {
                registry.write(scrape);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            List<String> lines = scrape.toString().lines()
                    .filter(l -> l.startsWith(name + "{") && l.contains(label)).toList();
            assertEquals(1, lines.size(), name + " " + label + " in\n" + scrape);
            return Double.parseDouble(lines.get(0).substring(lines.get(0).lastIndexOf(' ') + 1));
        }
    }

    @AfterEach
    void close() {
        drivers.forEach(TopologyTestDriver::close);
    }

    private Driver driver(String spec, String name) {
        ServiceConfig config = ModelConfigLoader.parse(spec);
        DeadLetterCounts counts = new DeadLetterCounts();
        MetricRegistry registry = new MetricRegistry();
        ServiceMetrics metrics = new ServiceMetrics(config.model(), registry);
        metrics.follow(counts);
        var props = StreamsSettings.of(config.kafka(), "unused:9092", stateDir.resolve(name), counts, Map.of());
        TopologyTestDriver driver = new TopologyTestDriver(
                ServiceTopology.build(config, codecs, counts, metrics, metrics.joinListener(), "test"), props,
                Instant.ofEpochMilli(T0));
        drivers.add(driver);
        return new Driver(driver,
                driver.createInputTopic("events", new StringSerializer(), new ByteArraySerializer()),
                driver.createInputTopic("labels", new StringSerializer(), new ByteArraySerializer()),
                driver.createOutputTopic(config.kafka().predictionsTopic(), new StringDeserializer(),
                        new ByteArrayDeserializer()),
                driver.createOutputTopic(config.labels().joinedTopic(), new ByteArrayDeserializer(),
                        new ByteArrayDeserializer()),
                driver.createOutputTopic(config.kafka().deadLetterTopic(), new ByteArrayDeserializer(),
                        new ByteArrayDeserializer()),
                driver.createOutputTopic(config.kafka().snapshotsTopic(), new StringDeserializer(),
                        new ByteArrayDeserializer()),
                counts, registry);
    }

    private Driver driver() {
        return driver(SPEC, "run");
    }

    private void event(Driver d, String id, double a, long at, Map<String, Object> labels) {
        LabeledEvent e = LabeledEvent.newBuilder().setId(id).setEventTime(Instant.ofEpochMilli(at)).setModel("default")
                .setNumeric(Map.of("a", a, "b", -a)).setLabels(labels).build();
        d.events().pipeInput(new TestRecord<>("default", codecs.events().encode(e), Instant.ofEpochMilli(at)));
    }

    private void label(Driver d, String id, long at, Map<String, Object> labels) {
        LabelEvent l = LabelEvent.newBuilder().setId(id).setModel("default").setLabels(labels)
                .setLabelTime(Instant.ofEpochMilli(at)).build();
        d.labels().pipeInput(new TestRecord<>(id, codecs.labels().encode(l), Instant.ofEpochMilli(at)));
    }

    private static List<JoinedExample> joined(Driver d) {
        List<JoinedExample> out = new ArrayList<>();
        for (byte[] value : d.joined().readValuesToList()) {
            try {
                out.add(JoinedExample.decode(value));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
        return out;
    }

    private static Map<String, Integer> reasons(List<TestRecord<byte[], byte[]>> letters) {
        Map<String, Integer> out = new TreeMap<>();
        letters.forEach(r -> out.merge(header(r, DeadLetterHandler.REASON_HEADER), 1, Integer::sum));
        return out;
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static String id(JoinedExample joined) {
        return new String(joined.id(), StandardCharsets.UTF_8);
    }

    @Test
    void shouldJoinALaterLabelToTheServedPredictionAndLearnIt() {
        Driver d = driver();
        event(d, "e1", 1.0, T0, Map.of());
        d.advance(200);
        List<Prediction> predictions = d.predictions().readValuesToList().stream()
                .map(codecs.predictions()::decode).toList();
        assertEquals(1, predictions.size(), "the event is predicted at once, before any label");
        label(d, "e1", T0 + 3_000, Map.of("y", 2.5));
        List<JoinedExample> joined = joined(d);
        assertEquals(1, joined.size());
        JoinedExample j = joined.get(0);
        assertEquals("e1", id(j));
        assertTrue(j.labeled()[0]);
        assertFalse(j.labeled()[1], "c is still awaited");
        assertFalse(j.labeled()[2]);
        assertEquals(2.5f, j.labels()[0]);
        assertEquals(T0, j.eventTime());
        assertEquals(T0 + 3_000, j.labelTime());
        assertEquals(predictions.get(0).getModelVersion(), j.servedVersion());
        float served = predictions.get(0).getTasks().get("y").getValue().floatValue();
        assertEquals(served, j.served()[0][0], "the prediction that went out is the one scored");
        assertArrayEquals(new float[] {1f, -1f}, j.inputs());
        assertTrue(d.deadLetters().isEmpty());
    }

    @Test
    void shouldJoinALabelThatCameBeforeItsEvent() {
        Driver d = driver();
        label(d, "e1", T0, Map.of("y", 1.0, "c", 1.0));
        d.advance(1_000);
        assertTrue(d.joined().isEmpty());
        event(d, "e1", 1.0, T0 + 1_000, Map.of());
        d.advance(200);
        List<JoinedExample> joined = joined(d);
        assertEquals(1, joined.size());
        assertTrue(joined.get(0).labeled()[0] && joined.get(0).labeled()[1]);
        assertTrue(d.deadLetters().isEmpty());
    }

    @Test
    void shouldLearnEachTaskOnceAndDeadLetterDuplicates() {
        Driver d = driver();
        event(d, "e1", 1.0, T0, Map.of("c", 1.0));
        d.advance(200);
        label(d, "e1", T0 + 100, Map.of("y", 1.0));
        label(d, "e1", T0 + 200, Map.of("y", 3.0));
        label(d, "e1", T0 + 300, Map.of("c", 0.0));
        assertEquals(1, joined(d).size(), "y joined once; c came in the event");
        List<TestRecord<byte[], byte[]>> letters = d.deadLetters().readRecordsToList();
        assertEquals(Map.of("duplicate-label", 2), reasons(letters));
        assertTrue(header(letters.get(0), DeadLetterHandler.DETAIL_HEADER).contains("'y'"));
        assertEquals(2, d.counts().count(DeadLetterReason.DUPLICATE_LABEL));
    }

    @Test
    void shouldExpireEachTaskAtItsOwnTtlWithItsOwnPolicy() {
        Driver d = driver();
        event(d, "e1", 1.0, T0, Map.of());
        d.advance(200);
        d.advance(15_000);
        List<JoinedExample> negatives = joined(d);
        assertEquals(1, negatives.size(), "c expired after 10s and is learned as 0");
        assertTrue(negatives.get(0).fromExpiry());
        assertTrue(negatives.get(0).labeled()[1]);
        assertEquals(0f, negatives.get(0).labels()[1]);
        assertFalse(negatives.get(0).labeled()[0], "y waits for its 1m TTL");
        label(d, "e1", T0 + 30_000, Map.of("y", 2.0));
        assertEquals(1, joined(d).size(), "y still joins within its TTL");
        label(d, "e1", T0 + 31_000, Map.of("c", 1.0));
        assertEquals(Map.of("late-label", 1), reasons(d.deadLetters().readRecordsToList()));
    }

    @Test
    void shouldJoinTasksLabeledAtDifferentTimesEachOnceWithTheSameServedPrediction() {
        Driver d = driver();
        event(d, "e1", 2.0, T0, Map.of());
        d.advance(200);
        label(d, "e1", T0 + 1_000, Map.of("c", 1.0));
        d.advance(2_000);
        label(d, "e1", T0 + 4_000, Map.of("y", 7.0));
        List<JoinedExample> joined = joined(d);
        assertEquals(2, joined.size(), "one joined example per label record");
        assertTrue(joined.get(0).labeled()[1] && !joined.get(0).labeled()[0]);
        assertTrue(joined.get(1).labeled()[0] && !joined.get(1).labeled()[1]);
        assertEquals(joined.get(0).servedVersion(), joined.get(1).servedVersion());
        assertArrayEquals(joined.get(0).inputs(), joined.get(1).inputs());
        assertEquals(T0 + 4_000, joined.get(1).labelTime());
        d.advance(70_000);
        assertTrue(d.joined().isEmpty(), "nothing left to expire: both tasks were labeled");
        assertTrue(d.deadLetters().isEmpty());
    }

    @Test
    void shouldDropAnExpiredTaskAndCallItsLabelLate() {
        Driver d = driver();
        event(d, "e1", 1.0, T0, Map.of("c", 1.0));
        d.advance(200);
        d.advance(61_000);
        assertTrue(d.joined().isEmpty(), "y expires with policy drop: nothing learned");
        label(d, "e1", T0 + 70_000, Map.of("y", 2.0));
        List<TestRecord<byte[], byte[]>> letters = d.deadLetters().readRecordsToList();
        assertEquals(Map.of("late-label", 1), reasons(letters));
        assertTrue(header(letters.get(0), DeadLetterHandler.DETAIL_HEADER).contains("expired"));
    }

    @Test
    void shouldDeadLetterALabelWhoseEventNeverCame() {
        Driver d = driver();
        label(d, "ghost", T0, Map.of("y", 1.0));
        d.advance(3_000);
        assertTrue(d.deadLetters().isEmpty(), "an orphan waits labels.orphan_wait");
        d.advance(5_000);
        assertEquals(Map.of("orphan-label", 1), reasons(d.deadLetters().readRecordsToList()));
        event(d, "ghost", 1.0, T0 + 9_000, Map.of());
        d.advance(200);
        assertTrue(d.joined().isEmpty(), "the dead-lettered label is not joined any more");
    }

    @Test
    void shouldDeadLetterMalformedLabelsWithTheirReason() {
        Driver d = driver();
        event(d, "e1", 1.0, T0, Map.of());
        d.advance(200);
        d.labels().pipeInput(new TestRecord<>("e1", new byte[] {1, 2, 3}, Instant.ofEpochMilli(T0)));
        label(d, "e1", T0, Map.of("nope", 1.0));
        label(d, "e1", T0, Map.of("z", 1.0));
        label(d, "e1", T0, Map.of("c", 0.5));
        label(d, "e1", T0, Map.of("y", "high"));
        label(d, "e1", T0, Map.of());
        LabelEvent weighted = LabelEvent.newBuilder().setId("e1").setLabels(Map.of("y", 1.0))
                .setLabelTime(Instant.ofEpochMilli(T0)).setWeight(-1.0).build();
        d.labels().pipeInput(new TestRecord<>("e1", codecs.labels().encode(weighted), Instant.ofEpochMilli(T0)));
        assertEquals(Map.of("undecodable", 1, "unknown-task", 1, "task-not-delayed", 1, "binary-label-not-0-1", 1,
                "wrong-label-type", 1, "no-labels", 1, "invalid-weight", 1),
                reasons(d.deadLetters().readRecordsToList()));
        label(d, "e1", T0, Map.of("y", 1.0));
        assertEquals(1, joined(d).size(), "a good label after bad ones still joins");
    }

    @Test
    void shouldLearnTheSameModelWhenTheSameInputIsReplayed() {
        List<List<ByteBufferState>> runs = new ArrayList<>();
        for (String name : List.of("first", "second")) {
            Driver d = driver(SPEC, name);
            for (int i = 0; i < 40; i++) {
                event(d, "e" + i, i % 7, T0 + i * 100L, Map.of());
                d.advance(100);
                if (i >= 3) {
                    int j = i - 3;
                    label(d, "e" + j, T0 + i * 100L + 50, Map.of("y", (double) (j % 5), "c", (double) (j % 2)));
                }
            }
            List<ByteBufferState> states = new ArrayList<>();
            for (byte[] value : d.snapshots().readValuesToList()) {
                ModelSnapshot snapshot = codecs.snapshots().decode(value);
                states.add(new ByteBufferState(snapshot.getVersion(), snapshot.getState().array().clone()));
            }
            runs.add(states);
        }
        assertTrue(runs.get(0).size() >= 15, "the joined examples were learned: " + runs.get(0).size() + " steps");
        assertEquals(runs.get(0).size(), runs.get(1).size());
        for (int s = 0; s < runs.get(0).size(); s++) {
            assertEquals(runs.get(0).get(s).version(), runs.get(1).get(s).version());
            assertArrayEquals(runs.get(0).get(s).state(), runs.get(1).get(s).state(), "step " + s);
        }
    }

    /** A snapshot's version and state bytes. */
    private record ByteBufferState(long version, byte[] state) {
    }

    @Test
    void shouldKeepLabelsOfTasksTheEventCarriedInTheEvent() {
        Map<String, Object> labels = new HashMap<>();
        labels.put("z", 4.0);
        Driver d = driver();
        event(d, "e1", 1.0, T0, labels);
        d.advance(200);
        label(d, "e1", T0 + 100, Map.of("y", 1.0, "c", 1.0));
        List<JoinedExample> joined = joined(d);
        assertEquals(1, joined.size());
        assertFalse(joined.get(0).labeled()[2], "z was learned from the event itself, not again");
    }

    @Test
    void shouldShowServedQualityJoinsExpiriesAndPendingEntriesOnTheMetrics() {
        Driver d = driver();
        for (int i = 0; i < 8; i++) {
            event(d, "e" + i, i, T0 + i, Map.of());
        }
        d.advance(200);
        for (int i = 0; i < 6; i++) {
            label(d, "e" + i, T0 + 2_000 + i, Map.of("y", (double) i));
        }
        d.advance(1_100);
        assertEquals(6, d.metric("streammtl_labels_joined_total", "task=\"y\""));
        assertEquals(8, d.metric("streammtl_label_join_pending_entries", "model=\"delayed\""),
                "c still awaited on all 8 events");
        assertTrue(d.metric("streammtl_label_join_pending_bytes", "model=\"delayed\"") > 8 * 16);
        d.advance(12_000);
        assertEquals(8, d.metric("streammtl_labels_expired_total", "task=\"c\",policy=\"negative\""));
        assertEquals(8, d.metric("streammtl_expiry_negatives_learned_total", "model=\"delayed\""));
        assertTrue(d.metric("streammtl_task_served_quality", "task=\"y\",metric=\"mae\"") >= 0);
        assertEquals(6, d.metric("streammtl_label_delay_seconds_count", "model=\"delayed\""));
        assertEquals(6 + 8, d.metric("streammtl_label_version_lag_steps_count", "model=\"delayed\""));
    }

    @Test
    void shouldCarryTheLabelsWeightIntoTheStep() {
        List<byte[]> states = new ArrayList<>();
        // No weight, an explicit 1, and 3 on the first label.
        for (Double weight : new Double[] {null, 1.0, 3.0}) {
            Driver d = driver(SPEC, "weight-" + states.size());
            for (int i = 0; i < 4; i++) {
                event(d, "e" + i, i, T0 + i, Map.of("z", (double) i));
            }
            d.advance(200);
            for (int i = 0; i < 4; i++) {
                LabelEvent l = LabelEvent.newBuilder().setId("e" + i).setLabels(Map.of("y", (double) i))
                        .setLabelTime(Instant.ofEpochMilli(T0 + 1_000)).setWeight(i == 0 ? weight : null).build();
                d.labels().pipeInput(new TestRecord<>("e" + i, codecs.labels().encode(l), Instant.ofEpochMilli(T0 + 1_000)));
            }
            List<JoinedExample> joined = joined(d);
            assertEquals(4, joined.size());
            assertEquals(weight == null ? 1.0 : weight, joined.get(0).weight());
            assertEquals(1.0, joined.get(1).weight(), "no weight means 1");
            List<byte[]> snapshots = d.snapshots().readValuesToList();
            ModelSnapshot last = codecs.snapshots().decode(snapshots.get(snapshots.size() - 1));
            states.add(last.getState().array().clone());
        }
        assertArrayEquals(states.get(0), states.get(1), "an explicit weight 1 learns as no weight, bit for bit");
        assertFalse(java.util.Arrays.equals(states.get(0), states.get(2)), "weight 3 moves the model differently");
    }
}
