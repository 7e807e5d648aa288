package io.streammtl.stream;

import io.streammtl.avro.LabeledEvent;
import io.streammtl.avro.ModelSnapshot;
import io.streammtl.config.ServiceConfig;
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

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tier 4, on a real KRaft broker: the service runs as a separate process, is killed with SIGKILL several times
 * mid-stream and restarted on the same state directory; its final model must equal, bit for bit, that of an
 * uninterrupted run over the same input, and a read_committed consumer must see one prediction per event.
 */
@Tag("integration")
class KillAndRestartTest {
    private static final int BATCH = 8;
    private static final int BLOCK = 800;
    private static final String SPEC = """
            name: crash
            seed: 9
            features: [{name: a}, {name: b}, {name: color, type: categorical, vocabulary: [red, blue]}]
            tasks:
              - {name: y, kind: regression}
              - {name: p, kind: binary}
              - {name: k, kind: multiclass, classes: [lo, mid, hi]}
            trunk: {layers: [16, 16]}
            training: {batch_size: %d}
            kafka:
              application_id: %s
              input_topics: [crash-events]
              predictions_topic: %s-predictions
              snapshots_topic: %s-snapshots
              dead_letter_topic: %s-dead-letters
              snapshot_every_steps: 100
              snapshot_every_seconds: 0
              prediction_flush_ms: 50
              models: [m]
              streams:
                group.instance.id: %s-instance
                producer.transaction.timeout.ms: "5000"
            """;

    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
    Path dir;

    private Path spec(String name) throws Exception {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, SPEC.formatted(BATCH, name, name, name, name, name));
        return file;
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String servers) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Reads a topic from the start until {@code done} says enough, or the timeout passes. */
    private static List<ConsumerRecord<byte[], byte[]>> read(String servers, String topic, Duration timeout,
                                                            java.util.function.Predicate<List<ConsumerRecord<byte[], byte[]>>> done) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(servers)) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            consumer.seekToBeginning(consumer.assignment());
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!done.test(out) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    private static byte[] finalState(String servers, String topic, long version, Duration timeout) {
        Codecs codecs = Codecs.create();
        List<ConsumerRecord<byte[], byte[]>> records = read(servers, topic, timeout, list -> !list.isEmpty()
                && codecs.snapshots().decode(list.get(list.size() - 1).value()).getVersion() >= version);
        for (ConsumerRecord<byte[], byte[]> record : records) {
            ModelSnapshot snapshot = codecs.snapshots().decode(record.value());
            if (snapshot.getVersion() == version) {
                ByteBuffer state = snapshot.getState();
                byte[] bytes = new byte[state.remaining()];
                state.get(bytes);
                return bytes;
            }
        }
        throw new AssertionError("no snapshot of version " + version + " on " + topic + " (last: "
                + (records.isEmpty() ? "none" : codecs.snapshots().decode(records.get(records.size() - 1).value()).getVersion()) + ")");
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void shouldEndBitIdenticalAfterRepeatedKillNineAndDeliverOnePredictionPerEvent() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("broker"))) {
            String servers = broker.bootstrapServers();
            Path crashSpec = spec("crash");
            ServiceConfig crash = ModelConfigLoader.load(crashSpec);
            TopicCreator.ensure(crash.kafka(), servers);
            Codecs codecs = Codecs.create();
            List<LabeledEvent> events = ServiceTopologyTest.labeledStream(200_000, "m", 42);
            java.util.concurrent.atomic.AtomicBoolean producing = new java.util.concurrent.atomic.AtomicBoolean(true);
            java.util.concurrent.atomic.AtomicInteger sent = new java.util.concurrent.atomic.AtomicInteger();
            // Events keep arriving (blocks of 800 = 100 steps, about 2000/s) so that every kill lands mid-stream.
            Thread producer = new Thread(() -> {
                try (EventProducer out = new EventProducer(servers, "crash-events", codecs.events())) {
                    out.sendRaw("m", "not an event".getBytes(StandardCharsets.UTF_8));
                    while (producing.get() && sent.get() + BLOCK <= events.size()) {
                        for (int i = 0; i < BLOCK; i++) {
                            // Event time becomes the record timestamp: a 1970 one would let retention delete
                            // the predictions' first segment as soon as a transaction marker rolls it.
                            out.send(LabeledEvent.newBuilder(events.get(sent.getAndIncrement()))
                                    .setEventTime(java.time.Instant.now()).build());
                        }
                        out.flush();
                        Thread.sleep(400);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            producer.start();

            Path data = dir.resolve("crash-data");
            int run = 0;
            for (long killAfterMillis : new long[] {2500, 1500, 2000}) {
                Process service = ServiceProcess.start(crashSpec, servers, data, dir.resolve("service-" + run++ + ".log"));
                try {
                    ServiceProcess.awaitNewRecords(servers, "crash-predictions", service, Duration.ofSeconds(90));
                    Thread.sleep(killAfterMillis);
                    assertTrue(producer.isAlive(), "events were still arriving when the service was killed");
                } finally {
                    service.destroyForcibly().waitFor();
                }
            }
            producing.set(false);
            producer.join();
            int total = sent.get();
            Process last = ServiceProcess.start(crashSpec, servers, data, dir.resolve("service-" + run + ".log"));
            long steps = total / BATCH;
            byte[] crashed;
            try {
                crashed = finalState(servers, "crash-snapshots", steps, Duration.ofMinutes(3));
            } finally {
                last.destroy();
                last.waitFor();
            }

            ServiceConfig reference = ModelConfigLoader.load(spec("reference"));
            byte[] uninterrupted;
            try (StreamService service = StreamService.start(reference, servers, dir.resolve("reference-state"),
                    StepListener.NONE, Map.of())) {
                uninterrupted = finalState(servers, "reference-snapshots", steps, Duration.ofMinutes(3));
            }
            assertTrue(java.util.Arrays.equals(uninterrupted, crashed),
                    "the killed and restarted service must end with the uninterrupted run's model, bit for bit");

            Map<String, Integer> seen = new HashMap<>();
            List<ConsumerRecord<byte[], byte[]>> predictions = read(servers, "crash-predictions", Duration.ofSeconds(15),
                    list -> false);
            predictions.forEach(r -> seen.merge(new String(r.key(), StandardCharsets.UTF_8), 1, Integer::sum));
            List<String> twice = seen.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
            List<String> missing = events.subList(0, total).stream().map(e -> e.getId())
                    .filter(id -> !seen.containsKey(id)).toList();
            assertEquals(List.of(), twice, "no event predicted twice");
            assertEquals(List.of(), missing, "every event predicted");
            assertEquals(total, predictions.size());
            List<ConsumerRecord<byte[], byte[]>> dead = read(servers, "crash-dead-letters", Duration.ofSeconds(30),
                    list -> !list.isEmpty());
            assertEquals(1, dead.size());
            assertEquals("undecodable", new String(dead.get(0).headers().lastHeader(DeadLetterHandler.REASON_HEADER).value(),
                    StandardCharsets.UTF_8));
        }
    }
}
