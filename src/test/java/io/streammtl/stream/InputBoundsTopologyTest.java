package io.streammtl.stream;

import io.streammtl.avro.LabeledEvent;
import io.streammtl.config.ServiceConfig;
import io.streammtl.config.ModelConfigLoader;
import io.streammtl.config.ModelKeys;
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

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tier 3: the set of models is bounded (an allow-list, or a pattern up to max_models), an over-long event id or model
 * key is a dead letter of its own, and a prediction that would exceed the write limit sends its event to the dead
 * letters instead, so no producer can create models or outputs without bound.
 */
class InputBoundsTopologyTest {
    private final Codecs codecs = Codecs.create();
    private final List<TopologyTestDriver> drivers = new ArrayList<>();
    @TempDir
    Path stateDir;

    private record Driver(TopologyTestDriver driver, TestInputTopic<String, byte[]> in,
                          TestOutputTopic<String, byte[]> predictions, TestOutputTopic<byte[], byte[]> deadLetters,
                          DeadLetterCounts counts) {
    }

    private Driver driver(ServiceConfig config) {
        DeadLetterCounts counts = new DeadLetterCounts();
        var props = StreamsSettings.of(config.kafka(), "unused:9092", stateDir.resolve("s" + drivers.size()), counts,
                Map.of());
        TopologyTestDriver driver = new TopologyTestDriver(
                ServiceTopology.build(config, codecs, counts, StepListener.NONE, "test"), props, Instant.EPOCH);
        drivers.add(driver);
        return new Driver(driver, driver.createInputTopic("events", new StringSerializer(), new ByteArraySerializer()),
                driver.createOutputTopic("predictions", new StringDeserializer(), new ByteArrayDeserializer()),
                driver.createOutputTopic("dead-letters", new ByteArrayDeserializer(), new ByteArrayDeserializer()),
                counts);
    }

    @AfterEach
    void close() {
        drivers.forEach(TopologyTestDriver::close);
    }

    private static ServiceConfig withKeys(ModelKeys keys) {
        ServiceConfig base = ServiceTopologyTest.config(0, true);
        return base.withKafka(base.kafka().withModelKeys(keys));
    }

    private void send(Driver d, List<LabeledEvent> events) {
        for (LabeledEvent event : events) {
            d.in().pipeInput(event.getModel(), codecs.events().encode(event));
        }
    }

    private static String header(TestRecord<byte[], byte[]> record, String key) {
        Header header = record.headers().lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private Set<String> predictedModels(Driver d) {
        Set<String> models = new TreeSet<>();
        for (TestRecord<String, byte[]> record : d.predictions().readRecordsToList()) {
            models.add(codecs.predictions().decode(record.value()).getModel());
        }
        return models;
    }

    @Test
    void shouldAcceptOnlyTheDefaultModelKeyWhenTheSpecListsNone() {
        ServiceConfig config = ModelConfigLoader.parse("""
                name: plain
                features: [{name: a}]
                tasks: [{name: y, kind: regression}]
                """);
        assertEquals(List.of(ModelKeys.DEFAULT_KEY), config.kafka().modelKeys().allowed());
        assertNull(config.kafka().modelKeys().pattern());
    }

    @Test
    void shouldDeadLetterEveryModelKeyOutsideTheAllowList() {
        Driver d = driver(withKeys(ModelKeys.only("m")));
        List<LabeledEvent> events = new ArrayList<>(ServiceTopologyTest.labeledStream(4, "m", 1));
        for (int i = 0; i < 300; i++) {
            events.add(ServiceTopologyTest.event("x" + i, "rogue-" + i, 1, 1, "red", Map.of("y", 1.0)));
        }
        send(d, events);
        assertEquals(Set.of("m"), predictedModels(d));
        List<TestRecord<byte[], byte[]>> letters = d.deadLetters().readRecordsToList();
        assertEquals(300, letters.size());
        assertEquals(300, d.counts().count(DeadLetterReason.UNKNOWN_MODEL));
        assertEquals("unknown-model", header(letters.get(0), DeadLetterHandler.REASON_HEADER));
        assertTrue(header(letters.get(0), DeadLetterHandler.DETAIL_HEADER).contains("'rogue-0'"),
                header(letters.get(0), DeadLetterHandler.DETAIL_HEADER));
    }

    @Test
    void shouldAdmitPatternKeysUpToMaxModelsInOrderOfArrival() {
        Driver d = driver(withKeys(new ModelKeys(List.of("m"), "store-[0-9]+", 3)));
        List<LabeledEvent> events = new ArrayList<>();
        for (String model : List.of("store-1", "store-2", "store-3", "other", "m")) {
            events.addAll(ServiceTopologyTest.labeledStream(4, model, model.hashCode()));
        }
        send(d, events);
        // max_models 3 leaves room for two pattern keys beside the listed "m", even though "m" arrives last.
        assertEquals(Set.of("store-1", "store-2", "m"), predictedModels(d));
        assertEquals(8, d.counts().count(DeadLetterReason.UNKNOWN_MODEL), "store-3 (over the bound) and other");
    }

    @Test
    void shouldDeadLetterAnOverLongIdWithoutTouchingTheModel() {
        ServiceConfig config = ServiceTopologyTest.config(0, true);
        Driver d = driver(config);
        String longId = "i".repeat(config.kafka().maxIdBytes() + 1);
        send(d, List.of(ServiceTopologyTest.event(longId, "m", 1, 1, "red", Map.of("y", 1.0))));
        send(d, ServiceTopologyTest.labeledStream(4, "m", 2));
        assertEquals(4, d.predictions().readRecordsToList().size());
        List<TestRecord<byte[], byte[]>> letters = d.deadLetters().readRecordsToList();
        assertEquals(1, letters.size());
        assertEquals("id-too-long", header(letters.get(0), DeadLetterHandler.REASON_HEADER));
        assertEquals(1, d.counts().count(DeadLetterReason.ID_TOO_LONG));
    }

    @Test
    void shouldCutTheDetailOfAnEventWithThousandsOfUnknownFeatures() {
        Driver d = driver(ServiceTopologyTest.config(0, true));
        LabeledEvent event = ServiceTopologyTest.event("wide", "m", 1, 1, "red", Map.of("y", 1.0));
        Map<String, Double> numeric = new java.util.HashMap<>(event.getNumeric());
        for (int i = 0; i < 14_000; i++) {
            numeric.put("extra_feature_" + i, (double) i);
        }
        event.setNumeric(numeric);
        send(d, List.of(event));
        TestRecord<byte[], byte[]> letter = d.deadLetters().readRecordsToList().get(0);
        assertEquals("extra-feature", header(letter, DeadLetterHandler.REASON_HEADER));
        byte[] detail = letter.headers().lastHeader(DeadLetterHandler.DETAIL_HEADER).value();
        assertTrue(detail.length <= DeadLetterRecord.MAX_DETAIL_BYTES, detail.length + " bytes");
        assertTrue(header(letter, DeadLetterHandler.DETAIL_HEADER).matches("(?s).* … \\[[0-9]+ more bytes cut\\]"),
                header(letter, DeadLetterHandler.DETAIL_HEADER));
    }

    @Test
    void shouldRefuseAnOverLongModelKeyEvenWhenThePatternMatchesIt() {
        Driver d = driver(withKeys(new ModelKeys(List.of("m"), "m.*", 10)));
        send(d, List.of(ServiceTopologyTest.event("x", "m" + "x".repeat(300), 1, 1, "red", Map.of("y", 1.0))));
        List<TestRecord<byte[], byte[]>> letters = d.deadLetters().readRecordsToList();
        assertEquals("unknown-model", header(letters.get(0), DeadLetterHandler.REASON_HEADER));
        assertTrue(header(letters.get(0), DeadLetterHandler.DETAIL_HEADER).contains("301 characters"));
    }

    @Test
    void shouldDeadLetterAnEventWhosePredictionWouldExceedTheWriteLimitAndKeepPredictingOthers() {
        // 1,100 class names of 1,000 characters: every prediction of the multiclass task is over 1 MB.
        StringBuilder classes = new StringBuilder();
        for (int c = 0; c < 1_100; c++) {
            classes.append(c == 0 ? "" : ", ").append(String.format("c%04d", c)).append("x".repeat(995));
        }
        ServiceConfig huge = ModelConfigLoader.parse("""
                name: huge
                features: [{name: a}, {name: b}, {name: color, type: categorical, vocabulary: [red, blue]}]
                tasks: [{name: k, kind: multiclass, classes: [%s]}]
                trunk: {layers: [4]}
                training: {batch_size: 4}
                kafka:
                  input_topics: [events]
                  predictions_topic: predictions
                  dead_letter_topic: dead-letters
                  prediction_flush_ms: 0
                  models: [m]
                """.formatted(classes));
        Driver d = driver(huge);
        List<LabeledEvent> events = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            events.add(ServiceTopologyTest.event("e" + i, "m", i, 1, "red", Map.of()));
        }
        send(d, events);
        assertTrue(d.predictions().readRecordsToList().isEmpty());
        List<TestRecord<byte[], byte[]>> letters = d.deadLetters().readRecordsToList();
        assertEquals(8, letters.size(), "2B unlabeled events close a batch");
        assertEquals("record-too-large", header(letters.get(0), DeadLetterHandler.REASON_HEADER));
        assertEquals("e0", new String(letters.get(0).key(), StandardCharsets.UTF_8));
        assertEquals(8, d.counts().count(DeadLetterReason.RECORD_TOO_LARGE));
    }
}
