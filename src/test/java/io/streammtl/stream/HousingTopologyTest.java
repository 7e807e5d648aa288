package io.streammtl.stream;

import io.streammtl.avro.LabeledEvent;
import io.streammtl.avro.Prediction;
import io.streammtl.config.ServiceConfig;
import io.streammtl.config.ModelConfigLoader;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Housing events through the topology: task-specific feature sets, a categorical location, a missing value; an
 * unknown location is out of vocabulary, not a dead letter, while a feature of the wrong type is one.
 */
class HousingTopologyTest {
    private static final String SPEC = """
            name: homes
            seed: 5
            features:
              - {name: size}
              - {name: bedrooms, missing: impute}
              - {name: bathrooms}
              - {name: location, type: categorical, vocabulary: [downtown, suburb, rural]}
            tasks:
              - {name: house_price, kind: regression, features: [size, bedrooms, bathrooms]}
              - {name: apartment_price, kind: regression, features: [size, bedrooms, location]}
            projection: {width: 8}
            trunk: {layers: [8]}
            optimizer: {kind: adam, lr: 0.01}
            training: {batch_size: 4}
            kafka:
              input_topics: [events]
              predictions_topic: predictions
              snapshots_topic: snapshots
              dead_letter_topic: dead-letters
              snapshot_every_steps: 1000
              snapshot_every_seconds: 0
              prediction_flush_ms: 0
              models: [m]
            """;

    private final Codecs codecs = Codecs.create();
    @TempDir
    Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> in;
    private TestOutputTopic<String, byte[]> predictions;
    private TestOutputTopic<byte[], byte[]> deadLetters;
    private DeadLetterCounts counts;

    @BeforeEach
    void start() {
        ServiceConfig config = ModelConfigLoader.parse(SPEC);
        counts = new DeadLetterCounts();
        var props = StreamsSettings.of(config.kafka(), "unused:9092", stateDir, counts, Map.of());
        driver = new TopologyTestDriver(ServiceTopology.build(config, codecs, counts, StepListener.NONE, "test"), props,
                Instant.EPOCH);
        in = driver.createInputTopic("events", new StringSerializer(), new ByteArraySerializer());
        predictions = driver.createOutputTopic("predictions", new StringDeserializer(), new ByteArrayDeserializer());
        deadLetters = driver.createOutputTopic("dead-letters", new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void close() {
        driver.close();
    }

    private static LabeledEvent house(String id, double size, Double bedrooms, double bathrooms, Double price) {
        Map<String, Double> numeric = new HashMap<>(Map.of("size", size, "bathrooms", bathrooms));
        if (bedrooms != null) {
            numeric.put("bedrooms", bedrooms);
        }
        Map<String, Object> labels = price == null ? Map.of() : Map.of("house_price", price);
        return LabeledEvent.newBuilder().setId(id).setModel("m").setEventTime(Instant.ofEpochMilli(1000))
                .setNumeric(numeric).setLabels(labels).build();
    }

    private static LabeledEvent apartment(String id, double size, Double bedrooms, String location, Double price) {
        Map<String, Double> numeric = new HashMap<>(Map.of("size", size));
        if (bedrooms != null) {
            numeric.put("bedrooms", bedrooms);
        }
        Map<String, Object> labels = price == null ? Map.of() : Map.of("apartment_price", price);
        return LabeledEvent.newBuilder().setId(id).setModel("m").setEventTime(Instant.ofEpochMilli(1000))
                .setNumeric(numeric).setCategorical(Map.of("location", location)).setLabels(labels).build();
    }

    private void send(LabeledEvent event) {
        in.pipeInput("m", codecs.events().encode(event));
    }

    private List<Prediction> readPredictions() {
        return predictions.readValuesToList().stream().map(codecs.predictions()::decode).toList();
    }

    @Test
    void shouldPredictAndLearnHousingEventsWithTheirOwnFeaturesAndMissingValues() {
        SplittableRandom random = new SplittableRandom(1);
        List<String> locations = List.of("downtown", "suburb", "rural");
        int sent = 0;
        for (int i = 0; i < 200; i++) {
            double size = 40 + random.nextInt(150);
            Double bedrooms = i % 7 == 3 ? null : (double) Math.round(size / 35);
            if (i % 4 == 0) {
                send(house("h" + i, size, bedrooms, 1 + i % 3, 2 * size + 30 * (i % 3)));
            } else {
                String location = i % 25 == 1 ? "harbour" : locations.get(i % 3);
                send(apartment("a" + i, size, bedrooms, location, size * (i % 3 == 0 ? 3.0 : 2.0)));
            }
            sent++;
        }
        send(apartment("unlabeled-oov", 100, 3.0, "harbour", null));
        send(house("unlabeled-house", 100, null, 2, null));
        sent += 2;
        // Close the last batch with labeled events.
        for (int i = 0; i < 4; i++) {
            send(house("tail" + i, 100, 3.0, 2, 230.0));
            sent++;
        }
        List<Prediction> out = readPredictions();
        assertEquals(0, counts.total(), "no dead letters: OOV and missing bedrooms are handled");
        assertEquals(sent, out.size(), "every event is predicted");
        for (Prediction p : out) {
            for (var task : p.getTasks().values()) {
                assertTrue(Double.isFinite(task.getValue()), p.getEventId());
            }
        }
        Prediction last = out.get(out.size() - 1);
        assertTrue(last.getModelVersion() > 40, "learned: " + last.getModelVersion() + " steps");
        Prediction oov = out.stream().filter(p -> p.getEventId().equals("unlabeled-oov")).findFirst().orElseThrow();
        double apartment = oov.getTasks().get("apartment_price").getValue();
        assertTrue(apartment > 100 && apartment < 400, "an apartment of 100 m² in an unknown place: " + apartment);
        double house = last.getTasks().get("house_price").getValue();
        assertTrue(house > 130 && house < 330, "a house of 100 m² with 2 bathrooms (about 230): " + house);
    }

    private void assertDeadLettered(LabeledEvent event, DeadLetterReason reason) {
        byte[] value = codecs.events().encode(event);
        in.pipeInput("m", value);
        List<TestRecord<byte[], byte[]>> records = deadLetters.readRecordsToList();
        assertEquals(1, records.size(), reason.code());
        Header header = records.get(0).headers().lastHeader(DeadLetterHandler.REASON_HEADER);
        assertEquals(reason.code(), new String(header.value(), StandardCharsets.UTF_8));
        assertArrayEquals(value, records.get(0).value());
    }

    @Test
    void shouldDeadLetterWrongTypesMissingRequiredFeaturesAndMixedFeatureSets() {
        LabeledEvent numericLocation = LabeledEvent.newBuilder(apartment("x1", 80, 2.0, "suburb", 160.0))
                .setCategorical(Map.of()).setNumeric(Map.of("size", 80.0, "location", 1.0)).build();
        assertDeadLettered(numericLocation, DeadLetterReason.WRONG_FEATURE_TYPE);
        LabeledEvent textSize = LabeledEvent.newBuilder(apartment("x2", 80, 2.0, "suburb", 160.0))
                .setCategorical(Map.of("location", "suburb", "size", "big")).build();
        assertDeadLettered(textSize, DeadLetterReason.WRONG_FEATURE_TYPE);
        LabeledEvent noBathrooms = LabeledEvent.newBuilder(house("x3", 80, 2.0, 1, 160.0))
                .setNumeric(Map.of("size", 80.0, "bedrooms", 2.0)).build();
        assertDeadLettered(noBathrooms, DeadLetterReason.MISSING_FEATURE);
        LabeledEvent noLocation = LabeledEvent.newBuilder(apartment("x4", 80, 2.0, "suburb", 160.0))
                .setCategorical(Map.of()).build();
        assertDeadLettered(noLocation, DeadLetterReason.MISSING_FEATURE);
        LabeledEvent both = LabeledEvent.newBuilder(apartment("x5", 80, 2.0, "suburb", 160.0))
                .setLabels(Map.of("apartment_price", 160.0, "house_price", 170.0)).build();
        assertDeadLettered(both, DeadLetterReason.MIXED_FEATURE_SETS);
        assertEquals(5, counts.total());
    }
}
