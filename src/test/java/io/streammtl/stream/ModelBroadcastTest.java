package io.streammtl.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streammtl.avro.LabeledEvent;
import io.streammtl.avro.ModelSnapshot;
import io.streammtl.config.ModelConfigLoader;
import io.streammtl.config.ServiceConfig;
import io.streammtl.learn.BatchPredictions;
import io.streammtl.learn.ExampleBatch;
import io.streammtl.learn.OnlineLearner;
import io.streammtl.metrics.MetricRegistry;
import io.streammtl.metrics.ServiceMetrics;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The model broadcast and {@code POST /predict}: every instance keeps the latest published model of each key from the
 * snapshots topic and answers with it exactly as a learner restored from that snapshot would; before any snapshot,
 * the seeded version-0 model answers; bad requests name the field; unknown model keys are 404.
 */
class ModelBroadcastTest {
    private static final long NOW = 1_700_000_000_000L;
    private static final String SPEC = """
            name: rest
            seed: 3
            features: [{name: a}, {name: b}, {name: color, type: categorical, vocabulary: [red, blue]}]
            tasks:
              - {name: y, kind: regression}
              - {name: p, kind: binary}
              - {name: k, kind: multiclass, classes: [lo, hi]}
            training: {batch_size: 4}
            kafka: {application_id: rest, input_topics: [events], snapshot_every_steps: 1, models: [m]}
            """;

    private final Codecs codecs = Codecs.create();
    private final ObjectMapper json = new ObjectMapper();
    private TopologyTestDriver driver;
    @TempDir
    Path stateDir;

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    private static String scrape(MetricRegistry registry) throws IOException {
        java.io.StringWriter out = new java.io.StringWriter();
        registry.write(out);
        return out.toString();
    }

    private JsonNode post(RestPredictor predictor, String body, int status) throws IOException {
        RestResponse response = predictor.apply(body.getBytes(StandardCharsets.UTF_8));
        assertEquals(status, response.status(), new String(response.body(), StandardCharsets.UTF_8));
        return json.readTree(response.body());
    }

    @Test
    void shouldAnswerWithTheLatestPublishedModelAsARestoredLearnerWould() throws IOException {
        ServiceConfig config = ModelConfigLoader.parse(SPEC);
        ModelBroadcast models = new ModelBroadcast(config.model(), codecs);
        MetricRegistry registry = new MetricRegistry();
        ServiceMetrics metrics = new ServiceMetrics(config.model(), registry);
        models.listen(metrics.servingListener());
        DeadLetterCounts counts = new DeadLetterCounts();
        driver = new TopologyTestDriver(ServiceTopology.build(config, codecs, counts, StepListener.NONE,
                JoinListener.NONE, models, "test"), StreamsSettings.of(config.kafka(), "unused:9092", stateDir, counts,
                Map.of()), Instant.ofEpochMilli(NOW));
        RestPredictor predictor = new RestPredictor(config.model(), config.kafka(), models, codecs, () -> NOW + 500,
                metrics.servingListener());
        String request = "{\"model\": \"m\", \"numeric\": {\"a\": 0.5, \"b\": -1}, \"categorical\": {\"color\": \"blue\"}}";

        JsonNode before = post(predictor, request, 200);
        assertEquals(0, before.get("model_version").asLong(), "the seeded model answers before any snapshot");
        assertTrue(before.get("model_age_ms").isNull());

        TestInputTopic<String, byte[]> events = driver.createInputTopic("events", new StringSerializer(),
                new ByteArraySerializer());
        for (LabeledEvent e : ServiceTopologyTest.labeledStream(40, "m", 7)) {
            events.pipeInput("m", codecs.events().encode(e));
        }
        TestOutputTopic<String, byte[]> snapshots = driver.createOutputTopic(config.kafka().snapshotsTopic(),
                new StringDeserializer(), new ByteArrayDeserializer());
        List<ModelSnapshot> published = snapshots.readValuesToList().stream().map(codecs.snapshots()::decode).toList();
        ModelSnapshot last = published.get(published.size() - 1);
        assertTrue(last.getVersion() >= 3, "steps published: " + last.getVersion());
        assertEquals(last.getVersion(), models.version("m"));

        JsonNode after = post(predictor, request, 200);
        assertEquals(last.getVersion(), after.get("model_version").asLong());
        assertEquals(NOW + 500 - last.getCreatedAt().toEpochMilli(), after.get("model_age_ms").asLong());
        OnlineLearner restored = new OnlineLearner(config.model());
        byte[] state = new byte[last.getState().remaining()];
        last.getState().duplicate().get(state);
        restored.restore(state);
        ExampleBatch batch = new ExampleBatch(1, config.model().inputWidth(), 3);
        batch.add(new EventValidator(config.model()).toExample(LabeledEvent.newBuilder().setId("x").setModel("m")
                .setEventTime(Instant.EPOCH).setNumeric(Map.of("a", 0.5, "b", -1.0))
                .setCategorical(Map.of("color", "blue")).setLabels(Map.of()).build()).inputs());
        BatchPredictions expected = restored.predict(batch);
        JsonNode tasks = after.get("predictions");
        assertEquals(expected.value(0, 0), (float) tasks.get("y").get("value").asDouble());
        assertEquals(expected.value(1, 0), (float) tasks.get("p").get("probability").asDouble());
        assertEquals(expected.probability(2, 0, 1),
                (float) tasks.get("k").get("class_probabilities").get("hi").asDouble());
        assertEquals(expected.predictedClassOf(2, 0) == 1 ? "hi" : "lo", tasks.get("k").get("predicted_class").asText());
        assertTrue(before.get("predictions").get("y").get("value").asDouble()
                != tasks.get("y").get("value").asDouble(), "the trained model answers differently from the seeded one");
        post(predictor, "{\"model\": \"nope\"}", 404);
        String scrape = scrape(registry);
        assertTrue(scrape.contains("streammtl_rest_predictions_total{model=\"rest\",status=\"200\",} 2.0"), scrape);
        assertTrue(scrape.contains("streammtl_rest_predictions_total{model=\"rest\",status=\"404\",} 1.0"), scrape);
        assertTrue(scrape.contains("streammtl_rest_model_age_seconds_count{model=\"rest\",} 1.0"),
                "the seeded model has no age: " + scrape);
        assertTrue(scrape.contains("streammtl_broadcast_model_version{model=\"rest\",} " + last.getVersion() + ".0"),
                scrape);
        assertTrue(!scrape.contains("streammtl_broadcast_bytes_total{model=\"rest\",} 0.0"), scrape);
    }

    private byte[] snapshotRecord(ServiceConfig config, long version, long takenAt) {
        OnlineLearner learner = new OnlineLearner(config.model());
        return codecs.snapshots().encode(ModelSnapshot.newBuilder().setModel("m").setVersion(version).setExamples(0)
                .setChunk(0).setChunks(1).setState(java.nio.ByteBuffer.wrap(learner.snapshot()))
                .setConfigHash(io.streammtl.config.ModelSpecHash.of(config.model())).setCodeVersion("test")
                .setCreatedAt(Instant.ofEpochMilli(takenAt)).build());
    }

    @Test
    void shouldServeASnapshotTakenLaterEvenWhenItsVersionIsLower() {
        ServiceConfig config = ModelConfigLoader.parse(SPEC);
        ModelBroadcast models = new ModelBroadcast(config.model(), codecs);
        DeadLetterCounts counts = new DeadLetterCounts();
        driver = new TopologyTestDriver(ServiceTopology.build(config, codecs, counts, StepListener.NONE,
                JoinListener.NONE, models, "test"), StreamsSettings.of(config.kafka(), "unused:9092", stateDir, counts,
                Map.of()), Instant.ofEpochMilli(NOW));
        TestInputTopic<String, byte[]> snapshots = driver.createInputTopic(config.kafka().snapshotsTopic(),
                new StringSerializer(), new ByteArraySerializer());

        snapshots.pipeInput("m/0", snapshotRecord(config, 500, NOW));
        assertEquals(500, models.version("m"));
        snapshots.pipeInput("m/0", snapshotRecord(config, 400, NOW - 1_000));
        assertEquals(500, models.version("m"), "an older snapshot arriving late is not served");
        snapshots.pipeInput("m/0", snapshotRecord(config, 20, NOW + 1_000));
        assertEquals(20, models.version("m"),
                "a model promoted with fewer steps, or started afresh, replaces the one before it");
    }

    @Test
    void shouldNameTheFieldOfABadRequestAndRefuseUnknownModels() throws IOException {
        ServiceConfig config = ModelConfigLoader.parse(SPEC);
        RestPredictor predictor = new RestPredictor(config.model(), config.kafka(),
                new ModelBroadcast(config.model(), codecs), codecs, () -> NOW);
        assertTrue(post(predictor, "{nope", 400).get("error").asText().startsWith("body is not JSON"));
        assertEquals("numeric.a: expected a number, got \"x\"",
                post(predictor, "{\"model\": \"m\", \"numeric\": {\"a\": \"x\"}}", 400).get("error").asText());
        assertTrue(post(predictor, "{\"model\": \"m\", \"colour\": {}}", 400).get("error").asText()
                .contains("unknown field 'colour'"));
        String missing = post(predictor, "{\"model\": \"m\", \"numeric\": {\"a\": 1}, \"categorical\": {\"color\": "
                + "\"red\"}}", 400).get("error").asText();
        assertTrue(missing.startsWith("missing-feature") && missing.contains("'b'"), missing);
        assertTrue(post(predictor, "{\"model\": \"other\", \"numeric\": {\"a\": 1, \"b\": 2}}", 404).get("error")
                .asText().contains("'other'"));
    }
}
