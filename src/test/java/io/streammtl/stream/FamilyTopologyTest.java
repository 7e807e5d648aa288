package io.streammtl.stream;

import io.streammtl.avro.LabeledEvent;
import io.streammtl.avro.Prediction;
import io.streammtl.config.ModelConfigLoader;
import io.streammtl.config.ServiceConfig;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The service reads a family's member key from the event, names it on the prediction, and dead-letters a label without it. */
class FamilyTopologyTest {
    private static final String SPEC = ServiceTopologyTest.SPEC.replace("{name: y, kind: regression}",
            "{name: y, kind: regression, per: school}");

    private final Codecs codecs = Codecs.create();
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> in;
    private TestOutputTopic<String, byte[]> predictions;
    private TestOutputTopic<byte[], byte[]> deadLetters;
    private final DeadLetterCounts counts = new DeadLetterCounts();
    @TempDir
    Path stateDir;

    private void start() {
        ServiceConfig config = ModelConfigLoader.parse(SPEC.formatted(0, true));
        var props = StreamsSettings.of(config.kafka(), "unused:9092", stateDir, counts, Map.of());
        driver = new TopologyTestDriver(ServiceTopology.build(config, codecs, counts, StepListener.NONE, "test"),
                props, Instant.EPOCH);
        in = driver.createInputTopic("events", new StringSerializer(), new ByteArraySerializer());
        predictions = driver.createOutputTopic("predictions", new StringDeserializer(), new ByteArrayDeserializer());
        deadLetters = driver.createOutputTopic("dead-letters", new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    private static LabeledEvent event(int i, String school, boolean labeled) {
        Map<String, String> categorical = new HashMap<>(Map.of("color", "red"));
        if (school != null) {
            categorical.put("school", school);
        }
        Map<String, Object> labels = labeled ? Map.of("y", (double) i, "p", 1.0) : Map.of("p", 0.0);
        return LabeledEvent.newBuilder().setId("e" + i).setModel("m").setEventTime(Instant.ofEpochMilli(1000))
                .setNumeric(Map.of("a", 0.1 * i, "b", 0.5)).setCategorical(categorical).setLabels(labels).build();
    }

    private void send(LabeledEvent event) {
        in.pipeInput("m", codecs.events().encode(event));
    }

    @Test
    void shouldNameEachEventsMemberOnItsFamilyTasksPrediction() {
        start();
        send(event(0, "north", true));
        send(event(1, "south", true));
        send(event(2, null, false));
        send(event(3, "north", true));
        List<Prediction> out = predictions.readValuesToList().stream().map(codecs.predictions()::decode).toList();
        assertEquals(4, out.size());
        assertEquals("north", out.get(0).getTasks().get("y").getMember());
        assertEquals("south", out.get(1).getTasks().get("y").getMember());
        assertNull(out.get(2).getTasks().get("y").getMember(), "no key: the family head predicts");
        assertNull(out.get(0).getTasks().get("p").getMember(), "p is a single task");
        assertTrue(out.get(2).getTasks().get("y").getValue() != null);
        assertTrue(deadLetters.isEmpty());
    }

    @Test
    void shouldDeadLetterAFamilyLabelWithoutTheMemberKey() {
        start();
        byte[] value = codecs.events().encode(event(0, null, true));
        in.pipeInput("m", value);
        List<TestRecord<byte[], byte[]>> out = deadLetters.readRecordsToList();
        assertEquals(1, out.size());
        Header reason = out.get(0).headers().lastHeader(DeadLetterHandler.REASON_HEADER);
        assertEquals("missing-family-key", new String(reason.value(), StandardCharsets.UTF_8));
        assertEquals(1, counts.count(DeadLetterReason.MISSING_FAMILY_KEY));
    }
}
