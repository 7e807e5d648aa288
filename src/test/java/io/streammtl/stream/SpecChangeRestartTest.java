package io.streammtl.stream;

import io.streammtl.avro.LabeledEvent;
import io.streammtl.avro.ModelSnapshot;
import io.streammtl.avro.Prediction;
import io.streammtl.config.ModelConfigLoader;
import io.streammtl.stream.broker.EmbeddedKafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tier 4, on a real KRaft broker with {@code serve} as a separate process restarted on one state directory: a spec
 * that adds a task and a feature carries the stored model over (its version goes on counting, the new task is
 * predicted); one that changes a trunk width stops the start with exit code 2 and a message naming the change and
 * {@code --reset-model}, never a crash loop; with {@code --reset-model} the same spec starts a fresh model.
 */
@Tag("integration")
class SpecChangeRestartTest {
    private static final int BATCH = 8;
    private static final int EVENTS_PER_SNAPSHOT = 100 * BATCH;
    private static final String SPEC = """
            name: evolving
            seed: 5
            features: [%s]
            tasks: [%s]
            trunk: {layers: [%d, 8]}
            training: {batch_size: %d}
            kafka:
              application_id: evolving
              input_topics: [evolving-events]
              predictions_topic: evolving-predictions
              snapshots_topic: evolving-snapshots
              dead_letter_topic: evolving-dead-letters
              snapshot_every_steps: 100
              snapshot_every_seconds: 0
              prediction_flush_ms: 50
              models: [m]
            """;

    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
    Path dir;

    private Path spec(String name, boolean grown, int firstWidth) throws Exception {
        Path file = dir.resolve(name + ".yaml");
        String features = grown ? "{name: a}, {name: b}, {name: c}" : "{name: a}, {name: b}";
        String tasks = grown
                ? "{name: y, kind: regression}, {name: p, kind: binary}, {name: q, kind: regression}"
                : "{name: y, kind: regression}, {name: p, kind: binary}";
        Files.writeString(file, SPEC.formatted(features, tasks, firstWidth, BATCH));
        return file;
    }

    private static List<LabeledEvent> events(int from, int count, boolean grown) {
        SplittableRandom random = new SplittableRandom(from);
        List<LabeledEvent> out = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            double a = random.nextDouble() * 4;
            double b = random.nextDouble() - 0.5;
            double c = random.nextDouble();
            Map<String, Double> numeric = new HashMap<>(Map.of("a", a, "b", b));
            Map<String, Object> labels = new HashMap<>(Map.of("y", 2 * a - 3 * b, "p", a > 2 ? 1.0 : 0.0));
            if (grown) {
                numeric.put("c", c);
                labels.put("q", a + c);
            }
            out.add(LabeledEvent.newBuilder().setId("e-" + i).setModel("m").setEventTime(Instant.now())
                    .setNumeric(numeric).setLabels(labels).build());
        }
        return out;
    }

    private static void send(String servers, Codecs codecs, List<LabeledEvent> events) {
        try (EventProducer out = new EventProducer(servers, "evolving-events", codecs.events())) {
            events.forEach(out::send);
            out.flush();
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String servers) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** The versions of the snapshots on the topic after {@code offset}, once {@code count} are there (or the timeout). */
    private static List<Long> snapshotVersions(String servers, Codecs codecs, long offset, int count, Duration timeout) {
        List<Long> versions = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(servers)) {
            TopicPartition partition = new TopicPartition("evolving-snapshots", 0);
            consumer.assign(List.of(partition));
            consumer.seek(partition, offset);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (versions.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    ModelSnapshot snapshot = codecs.snapshots().decode(record.value());
                    if (snapshot.getChunk() == 0) {
                        versions.add(snapshot.getVersion());
                    }
                }
            }
        }
        return versions;
    }

    private static long endOffset(String servers, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(servers)) {
            TopicPartition partition = new TopicPartition(topic, 0);
            return consumer.endOffsets(List.of(partition)).get(partition);
        }
    }

    /** The predictions of the events whose ids are in {@code ids}, once all are there (or the timeout). */
    private static Map<String, Prediction> predictions(String servers, Codecs codecs, List<String> ids,
                                                       Duration timeout) {
        Map<String, Prediction> out = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(servers)) {
            consumer.assign(List.of(new TopicPartition("evolving-predictions", 0)));
            consumer.seekToBeginning(consumer.assignment());
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!out.keySet().containsAll(ids) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    Prediction prediction = codecs.predictions().decode(record.value());
                    if (ids.contains(prediction.getEventId())) {
                        out.put(prediction.getEventId(), prediction);
                    }
                }
            }
        }
        return out;
    }

    private static void stop(Process service) throws InterruptedException {
        service.destroy();
        assertTrue(service.waitFor(60, TimeUnit.SECONDS), "serve stops on SIGTERM");
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void shouldCarryTheModelOverAGrownSpecAndRefuseAWidthChangeUntilResetModel() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("broker"))) {
            String servers = broker.bootstrapServers();
            Codecs codecs = Codecs.create();
            Path data = dir.resolve("data");
            Path original = spec("original", false, 16);
            TopicCreator.ensure(ModelConfigLoader.load(original).kafka(), servers);

            send(servers, codecs, events(0, 2 * EVENTS_PER_SNAPSHOT, false));
            Process first = ServiceProcess.start(original, servers, data, dir.resolve("original.log"));
            assertEquals(List.of(100L, 200L), snapshotVersions(servers, codecs, 0, 2, Duration.ofSeconds(120)),
                    "the first run learns and publishes its snapshots");
            stop(first);

            long afterOriginal = endOffset(servers, "evolving-snapshots");
            List<LabeledEvent> grownEvents = events(10_000, 2 * EVENTS_PER_SNAPSHOT, true);
            send(servers, codecs, grownEvents);
            Process grown = ServiceProcess.start(spec("grown", true, 16), servers, data, dir.resolve("grown.log"));
            assertEquals(List.of(300L, 400L), snapshotVersions(servers, codecs, afterOriginal, 2,
                    Duration.ofSeconds(120)), "a spec with one more task and feature goes on from the stored model");
            Prediction last = predictions(servers, codecs, List.of("e-11599"), Duration.ofSeconds(30)).get("e-11599");
            assertTrue(last != null && last.getTasks().containsKey("q") && last.getModelVersion() > 200,
                    "the new task is predicted by the carried-over model: " + last);
            stop(grown);
            assertTrue(Files.readString(dir.resolve("grown.log")).contains("carried the stored model over"),
                    "the carry-over is logged");

            long afterGrown = endOffset(servers, "evolving-snapshots");
            send(servers, codecs, events(20_000, EVENTS_PER_SNAPSHOT, true));
            Path wider = spec("wider", true, 32);
            Process refused = ServiceProcess.start(wider, servers, data, dir.resolve("refused.log"));
            assertTrue(refused.waitFor(150, TimeUnit.SECONDS), "a spec that cannot carry over stops the start");
            assertEquals(2, refused.exitValue(), "exit code 2: the stored state does not fit the spec");
            String message = Files.readString(dir.resolve("refused.log"));
            assertTrue(message.contains("trunk") && message.contains("--reset-model"),
                    "the error names the change and how to start fresh");

            Process reset = ServiceProcess.start(wider, servers, data, dir.resolve("reset.log"), "--reset-model");
            try {
                assertEquals(List.of(100L), snapshotVersions(servers, codecs, afterGrown, 1, Duration.ofSeconds(120)),
                        "with --reset-model the wider spec starts a fresh model on the events still waiting");
            } finally {
                stop(reset);
            }
        }
    }
}
