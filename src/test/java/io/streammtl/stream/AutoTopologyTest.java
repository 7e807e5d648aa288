package io.streammtl.stream;

import io.streammtl.avro.DriftEvent;
import io.streammtl.avro.LabeledEvent;
import io.streammtl.avro.ModelSnapshot;
import io.streammtl.avro.Prediction;
import io.streammtl.config.ModelConfigLoader;
import io.streammtl.config.ModelSpecHash;
import io.streammtl.config.ServiceConfig;
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
import java.io.StringWriter;
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

/** Tier 3: champion and challengers ({@code auto:}) in the running topology. */
class AutoTopologyTest {
    /** A base whose rate is far too small and a variant with a sane one: the variant must take over. */
    static final String SPEC = """
            name: autotoy
            seed: 5
            features: [{name: a}, {name: b}]
            tasks:
              - {name: y, kind: regression}
            trunk: {layers: [8]}
            optimizer: {kind: adam, lr: 0.000001}
            training: {batch_size: 4}
            %s
            kafka:
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
            """;
    static final String AUTO = """
            auto:
              variants: [{lr: 0.01, name: sane}]
              max_live: 2
              window: 20
              min_examples: 20
            """;
    /** Labeled events before the restart in the restart test, and in all here. */
    static final int EVENTS = 160;

    private final Codecs codecs = Codecs.create();
    private final List<TopologyTestDriver> drivers = new ArrayList<>();
    @TempDir
    Path stateDir;

    private record Run(List<Prediction> predictions, List<byte[]> predictionBytes, List<DriftEvent> drift,
                       List<byte[]> driftBytes, List<ModelSnapshot> snapshots) {
    }

    static ServiceConfig auto() {
        return ModelConfigLoader.parse(SPEC.formatted(AUTO));
    }

    /** The same spec without {@code auto:}, at learning rate {@code lr}. */
    static ServiceConfig plain(String lr) {
        return ModelConfigLoader.parse(SPEC.formatted("").replace("lr: 0.000001", "lr: " + lr));
    }

    /** {@code count} labeled events of y = 2a − 3b. */
    static List<LabeledEvent> events(int count) {
        SplittableRandom random = new SplittableRandom(11);
        List<LabeledEvent> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            double a = random.nextDouble() * 4;
            double b = random.nextDouble() - 0.5;
            Map<String, Object> labels = new HashMap<>();
            labels.put("y", 2 * a - 3 * b);
            out.add(LabeledEvent.newBuilder().setId("m-" + i).setModel("m").setEventTime(Instant.ofEpochMilli(1000))
                    .setNumeric(Map.of("a", a, "b", b)).setCategorical(Map.of()).setLabels(labels).build());
        }
        return out;
    }

    private Run run(ServiceConfig config, String name, StepListener listener) {
        DeadLetterCounts counts = new DeadLetterCounts();
        var props = StreamsSettings.of(config.kafka(), "unused:9092", stateDir.resolve(name), counts, Map.of());
        TopologyTestDriver driver = new TopologyTestDriver(
                ServiceTopology.build(config, codecs, counts, listener, "test"), props, Instant.EPOCH);
        drivers.add(driver);
        TestInputTopic<String, byte[]> in = driver.createInputTopic("events", new StringSerializer(),
                new ByteArraySerializer());
        for (LabeledEvent e : events(EVENTS)) {
            in.pipeInput("m", codecs.events().encode(e));
        }
        TestOutputTopic<String, byte[]> predictions = driver.createOutputTopic("predictions", new StringDeserializer(),
                new ByteArrayDeserializer());
        TestOutputTopic<String, byte[]> drift = driver.createOutputTopic("drift", new StringDeserializer(),
                new ByteArrayDeserializer());
        TestOutputTopic<String, byte[]> snapshots = driver.createOutputTopic("snapshots", new StringDeserializer(),
                new ByteArrayDeserializer());
        List<byte[]> predictionBytes = predictions.readValuesToList();
        List<byte[]> driftBytes = drift.readValuesToList();
        return new Run(predictionBytes.stream().map(codecs.predictions()::decode).toList(), predictionBytes,
                driftBytes.stream().map(codecs.driftEvents()::decode).toList(), driftBytes,
                snapshots.readValuesToList().stream().map(codecs.snapshots()::decode).toList());
    }

    @AfterEach
    void close() {
        drivers.forEach(TopologyTestDriver::close);
    }

    @Test
    void shouldPromoteTheSaneVariantAndServeItsPredictionsFromTheNextBatchOn() {
        Run auto = run(auto(), "auto", StepListener.NONE);
        Run base = run(plain("0.000001"), "base", StepListener.NONE);
        Run sane = run(plain("0.01"), "sane", StepListener.NONE);

        DriftEvent promotion = auto.drift().stream().filter(e -> e.getKind().equals("promoted")).findFirst()
                .orElseThrow(() -> new AssertionError("no promotion in " + EVENTS + " events: " + auto.drift()));
        assertEquals("sane", promotion.getVariant());
        assertEquals("base", promotion.getChampion());
        assertEquals("m", promotion.getModel());
        assertEquals("auto", promotion.getDetector());
        assertTrue(promotion.getVariantLoss() < promotion.getChampionLoss());
        assertTrue(promotion.getExamples() < 20 && Double.isNaN(promotion.getStatistic()),
                "taken on the lower mean loss before the first test (window 20): " + promotion);
        assertEquals(1, auto.drift().stream().filter(e -> e.getKind().equals("promoted")).count(), auto.drift()
                .toString());
        // Every event is labeled and both variants step every 4 events: the promotion happens in the batch that
        // holds its paired example, and every later batch is predicted by the new champion.
        int switched = ((int) promotion.getExamples() - 1) / 4 * 4 + 4;
        assertEquals(EVENTS, auto.predictions().size());
        for (int i = 0; i < EVENTS; i++) {
            Prediction expected = (i < switched ? base : sane).predictions().get(i);
            assertEquals(expected.getEventId(), auto.predictions().get(i).getEventId());
            assertEquals(expected.getTasks().get("y").getValue(), auto.predictions().get(i).getTasks().get("y")
                    .getValue(), 1e-5, "event " + i + " predicted by " + (i < switched ? "base" : "sane"));
        }
    }

    @Test
    void shouldBroadcastTheChampionsModelWithTheSpecsHash() {
        Run auto = run(auto(), "auto", StepListener.NONE);
        Run sane = run(plain("0.01"), "sane", StepListener.NONE);
        ModelSnapshot last = auto.snapshots().get(auto.snapshots().size() - 1);
        ModelSnapshot saneLast = sane.snapshots().get(sane.snapshots().size() - 1);
        assertEquals(saneLast.getVersion(), last.getVersion());
        assertEquals(saneLast.getState(), last.getState(), "the champion's model, as the variant's spec alone makes it");
        assertEquals(ModelSpecHash.of(auto().model()), last.getConfigHash(), "the served spec's: ModelBroadcast takes it");
        OnlineLearner served = new OnlineLearner(auto().model());
        byte[] state = new byte[last.getState().remaining()];
        last.getState().get(state);
        served.restore(state);
        assertEquals(last.getVersion(), served.counters().applied(), "the base spec restores the champion's model");
    }

    @Test
    void shouldShowPromotionsPruningsLiveVariantsAndTheChampionInTheMetrics() throws IOException {
        MetricRegistry registry = new MetricRegistry();
        ServiceMetrics metrics = new ServiceMetrics(auto().model(), registry);
        Run auto = run(auto(), "auto", metrics);
        long promoted = auto.drift().stream().filter(e -> e.getKind().equals("promoted")).count();
        long pruned = auto.drift().stream().filter(e -> e.getKind().equals("pruned")).count();
        StringWriter text = new StringWriter();
        registry.write(text);
        String scrape = text.toString();

        assertTrue(promoted >= 1);
        assertTrue(scrape.contains("streammtl_auto_promotions_total{model=\"autotoy\",} " + (double) promoted), scrape);
        assertTrue(scrape.contains("streammtl_auto_prunes_total{model=\"autotoy\",} " + (double) pruned), scrape);
        assertTrue(scrape.contains("streammtl_auto_live_variants{model=\"autotoy\",} " + (double) (2 - pruned)),
                scrape);
        assertTrue(scrape.contains("streammtl_auto_champion_info{model=\"autotoy\",variant=\"sane\",} 1.0"), scrape);
        assertTrue(scrape.contains("streammtl_auto_variant_loss{model=\"autotoy\",variant=\"sane\",}"), scrape);
        assertEquals(pruned == 0, scrape.contains("streammtl_auto_variant_loss{model=\"autotoy\",variant=\"base\",}"),
                "a pruned variant's loss series is gone");
    }

    @Test
    void shouldGiveIdenticalPromotionsAndPredictionsOnReplay() {
        Run first = run(auto(), "replay-1", StepListener.NONE);
        Run second = run(auto(), "replay-2", StepListener.NONE);
        assertFalse(first.drift().isEmpty());
        assertEquals(first.driftBytes().size(), second.driftBytes().size());
        for (int i = 0; i < first.driftBytes().size(); i++) {
            assertArrayEquals(first.driftBytes().get(i), second.driftBytes().get(i), "drift record " + i);
        }
        assertEquals(first.predictionBytes().size(), second.predictionBytes().size());
        for (int i = 0; i < first.predictionBytes().size(); i++) {
            assertEquals(first.predictions().get(i).getTasks(), second.predictions().get(i).getTasks(),
                    "prediction " + i);
        }
    }
}
