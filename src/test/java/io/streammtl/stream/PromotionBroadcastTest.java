package io.streammtl.stream;

import io.streammtl.avro.DriftEvent;
import io.streammtl.avro.LabeledEvent;
import io.streammtl.avro.ModelSnapshot;
import io.streammtl.config.ModelConfigLoader;
import io.streammtl.config.ServiceConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tier 3: a champion promoted with fewer steps than the one it replaces (a larger micro-batch) has a lower version;
 * published in the same wall-clock millisecond as the last snapshot, it must still reach the model broadcast, which
 * keeps the snapshot taken last by time, then version. Everything here happens in one millisecond.
 */
class PromotionBroadcastTest {
    private static final long T0 = 1_700_000_000_000L;
    private final Codecs codecs = Codecs.create();
    @TempDir
    Path stateDir;

    private static String describe(ModelSnapshot snapshot) {
        return "version " + snapshot.getVersion() + " at " + snapshot.getCreatedAt().toEpochMilli();
    }

    @Test
    void shouldBroadcastAPromotedChampionWithALowerVersionInTheSameMillisecond() {
        ServiceConfig config = ModelConfigLoader.parse(AutoTopologyTest.SPEC.formatted(AutoTopologyTest.AUTO
                        .replace("{lr: 0.01, name: sane}", "{lr: 0.01, batch_size: 8, name: sane}"))
                .replace("  models: [m]", "  models: [m]\n  stages: split"));
        DeadLetterCounts counts = new DeadLetterCounts();
        ModelBroadcast broadcast = new ModelBroadcast(config.model(), codecs);
        var props = StreamsSettings.of(config.kafka(), "unused:9092", stateDir, counts, Map.of());
        try (TopologyTestDriver driver = new TopologyTestDriver(ServiceTopology.build(config, codecs, counts,
                StepListener.NONE, JoinListener.NONE, broadcast, "test"), props, Instant.ofEpochMilli(T0))) {
            TestInputTopic<String, byte[]> in = driver.createInputTopic("events", new StringSerializer(),
                    new ByteArraySerializer());
            TestOutputTopic<String, byte[]> snapshots = driver.createOutputTopic("snapshots",
                    new StringDeserializer(), new ByteArrayDeserializer());
            TestOutputTopic<String, byte[]> drift = driver.createOutputTopic("drift", new StringDeserializer(),
                    new ByteArrayDeserializer());
            List<LabeledEvent> events = AutoTopologyTest.events(AutoTopologyTest.EVENTS);
            for (int i = 0; i < events.size(); i++) {
                in.pipeInput(new TestRecord<>("m", codecs.events().encode(events.get(i)), Instant.ofEpochMilli(T0 + i)));
            }
            List<DriftEvent> promotions = drift.readValuesToList().stream().map(codecs.driftEvents()::decode)
                    .filter(e -> e.getKind().equals("promoted")).toList();
            assertEquals("sane", promotions.get(0).getVariant(), "the race promotes the variant with batches of 8");
            List<ModelSnapshot> published = snapshots.readValuesToList().stream().map(codecs.snapshots()::decode)
                    .toList();
            ModelSnapshot last = published.get(published.size() - 1);
            boolean versionWentDown = false;
            for (int s = 1; s < published.size(); s++) {
                ModelSnapshot before = published.get(s - 1);
                ModelSnapshot after = published.get(s);
                versionWentDown |= after.getVersion() < before.getVersion();
                assertTrue(after.getCreatedAt().isAfter(before.getCreatedAt())
                                || after.getCreatedAt().equals(before.getCreatedAt())
                                && after.getVersion() > before.getVersion(),
                        "each snapshot is later than the one before, by time or version: " + describe(before) + " then "
                                + describe(after));
            }
            assertTrue(versionWentDown, "the promoted champion has fewer steps than the one it replaced");
            assertEquals(last.getVersion(), broadcast.model("m").version(), "the broadcast holds the last snapshot");
            assertEquals(last.getCreatedAt().toEpochMilli(), broadcast.model("m").createdAt());
        }
    }
}
