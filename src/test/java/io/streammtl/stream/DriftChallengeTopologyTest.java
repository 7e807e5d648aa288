package io.streammtl.stream;

import io.streammtl.avro.DriftEvent;
import io.streammtl.avro.LabeledEvent;
import io.streammtl.config.ModelConfigLoader;
import io.streammtl.config.ServiceConfig;
import io.streammtl.metrics.MetricRegistry;
import io.streammtl.metrics.ServiceMetrics;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tier 3: the default drift response ({@code challenge}) in the running topology — after the concept inverts, the
 * drift signal starts a challenger and its adoption goes to the drift topic (kind {@code adopted}, keyed
 * {@code model/task}) and to {@code streammtl_drift_challenges_total}.
 */
class DriftChallengeTopologyTest {
    private static final String SPEC = """
            name: challenged
            seed: 1
            features: [{name: a}, {name: b}]
            tasks:
              - {name: p, kind: binary, drift: {detector: adwin}}
            trunk: {layers: [8]}
            optimizer: {kind: adam, lr: 0.01}
            training: {batch_size: 8}
            metrics: {window: 500}
            kafka:
              input_topics: [events]
              predictions_topic: predictions
              snapshots_topic: snapshots
              dead_letter_topic: dead-letters
              drift_topic: drift
              snapshot_every_steps: 0
              snapshot_every_seconds: 0
              status_every_seconds: 0
              prediction_flush_ms: 0
              models: [m]
            """;
    private static final int CHANGE = 6_000;

    @TempDir
    Path stateDir;

    /** A noisy binary concept, a > b, inverted from event {@code CHANGE} on; labels flipped with probability 0.1. */
    private static LabeledEvent event(int i, SplittableRandom random) {
        double a = random.nextDouble();
        double b = random.nextDouble();
        boolean label = (a > b) != (i >= CHANGE);
        if (random.nextDouble() < 0.1) {
            label = !label;
        }
        return LabeledEvent.newBuilder().setId("m-" + i).setModel("m").setEventTime(Instant.ofEpochMilli(1000))
                .setNumeric(Map.of("a", a, "b", b)).setCategorical(Map.of()).setLabels(Map.of("p", label ? 1.0 : 0.0))
                .build();
    }

    @Test
    void shouldPublishTheAdoptionOfADriftChallengerAfterTheConceptInverts() throws IOException {
        ServiceConfig config = ModelConfigLoader.parse(SPEC);
        Codecs codecs = Codecs.create();
        ServiceMetrics metrics = new ServiceMetrics(config.model());
        DeadLetterCounts counts = new DeadLetterCounts();
        var props = StreamsSettings.of(config.kafka(), "unused:9092", stateDir, counts, Map.of());
        List<DriftEvent> drift;
        try (TopologyTestDriver driver = new TopologyTestDriver(
                ServiceTopology.build(config, codecs, counts, metrics, "test"), props, Instant.EPOCH)) {
            TestInputTopic<String, byte[]> in = driver.createInputTopic("events", new StringSerializer(),
                    new ByteArraySerializer());
            SplittableRandom random = new SplittableRandom(1);
            for (int i = 0; i < CHANGE + 4_000; i++) {
                in.pipeInput("m", codecs.events().encode(event(i, random)));
            }
            drift = driver.createOutputTopic("drift", new StringDeserializer(), new ByteArrayDeserializer())
                    .readValuesToList().stream().map(codecs.driftEvents()::decode).toList();
        }
        assertTrue(drift.stream().anyMatch(e -> "drift".equals(e.getKind()) && "challenge".equals(e.getResponse())),
                "a drift signal answered by starting a challenger: " + drift);
        List<DriftEvent> adopted = drift.stream().filter(e -> "adopted".equals(e.getKind())).toList();
        assertFalse(adopted.isEmpty(), "a challenger adopted after the change: " + drift);
        DriftEvent first = adopted.get(0);
        assertEquals("p", first.getTask());
        assertEquals("challenge", first.getDetector());
        assertEquals("challenger", first.getVariant());
        assertTrue(first.getVariantLoss() < first.getChampionLoss(), "the challenger's window loss is the lower");
        assertTrue(first.getStatistic() < 0.05, "the paired test supports it: p = " + first.getStatistic());

        StringWriter scrape = new StringWriter();
        metrics.registry().write(scrape);
        long ended = drift.stream().filter(e -> "adopted".equals(e.getKind())).count();
        assertTrue(scrape.toString().contains("streammtl_drift_challenges_total{model=\"challenged\",task=\"p\","
                + "outcome=\"adopted\",} " + (double) ended), scrape.toString().lines()
                .filter(l -> l.contains("challenges")).toList().toString());
    }
}
