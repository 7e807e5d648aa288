package io.streammtl.stream;

import io.streammtl.avro.LabelEvent;
import io.streammtl.avro.LabeledEvent;
import io.streammtl.avro.ModelSnapshot;
import io.streammtl.avro.Prediction;
import io.streammtl.config.ModelConfigLoader;
import io.streammtl.config.ServiceConfig;
import io.streammtl.learn.OnlineLearner;
import io.streammtl.learn.StepCounters;
import io.streammtl.stream.broker.EmbeddedKafkaBroker;
import io.streammtl.stream.join.JoinedExample;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tier 4, on a real KRaft broker: exactly-once across the label join. The service runs as a separate process and is
 * killed with SIGKILL several times while events (which carry no label of the delayed tasks) and their labels, sent
 * a few events later, keep arriving; it restarts on the same state directory. Then every event has one committed
 * prediction, every label sent is in exactly one committed joined example, the model learned each event and each
 * joined example once, and nothing was dead-lettered. What is bit-identical under replay: the model, as a function
 * of the order in which the trainer read events and joined examples; with {@code batch_size: 1} that order can be
 * rebuilt from the committed records ({@link TrainerInputOrder}), and a replay of it gives the same snapshots.
 */
@Tag("integration")
class DelayedLabelsKillTest {
    private static final String NAME = "delayed";
    private static final String EVENTS = NAME + "-events";
    private static final String LABELS = NAME + "-labels";
    private static final String MODEL = "m";
    private static final List<String> CLASSES = List.of("lo", "mid", "hi");
    /** Events go out in blocks of this size, one block every {@link #PAUSE_MILLIS} (about 100 a second). */
    private static final int BLOCK = 40;
    private static final long PAUSE_MILLIS = 400;
    private static final int MAX_EVENTS = 8_000;
    /** An event's labels go out after this many more events. */
    private static final int LABEL_GAP = 5;
    /**
     * Batch size 1 lets the trainer's read order be rebuilt (see {@link TrainerInputOrder}); every fourth event has
     * no label at all, so unlabeled events wait in the open batch (flushed predictions, a persisted open batch).
     * TTLs of 10m and an orphan wait of 10m: nothing expires and no label is an orphan during the test.
     */
    private static final String SPEC = """
            name: %1$s
            seed: 3
            features: [{name: a}, {name: b}]
            tasks:
              - {name: y, kind: regression}
              - {name: c, kind: binary, label_ttl: 10m}
              - {name: k, kind: multiclass, classes: [lo, mid, hi], label_ttl: 10m}
            trunk: {layers: [8]}
            training: {batch_size: 1}
            kafka:
              application_id: %1$s
              input_topics: [%1$s-events]
              predictions_topic: %1$s-predictions
              snapshots_topic: %1$s-snapshots
              dead_letter_topic: %1$s-dead-letters
              snapshot_every_steps: 100
              snapshot_every_seconds: 1
              prediction_flush_ms: 50
              models: [m]
              streams:
                group.instance.id: %1$s-instance
                producer.transaction.timeout.ms: "5000"
            labels: {topics: [%1$s-labels], orphan_wait: 10m}
            """;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    private final Codecs codecs = Codecs.create();

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void shouldPredictJoinAndLearnEveryEventAndLabelOnceAcrossKillNineAndReplayToTheSameModel() throws Exception {
        Path spec = dir.resolve(NAME + ".yaml");
        Files.writeString(spec, SPEC.formatted(NAME));
        ServiceConfig config = ModelConfigLoader.load(spec);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("broker"))) {
            String servers = broker.bootstrapServers();
            TopicCreator.ensure(config.kafka(), config.labels(), servers);
            int events = produceWhileKilling(servers, spec);
            long expectedRows = 2L * events; // each event once, and its one joined example once

            List<ConsumerRecord<byte[], byte[]>> snapshots = awaitFinalSnapshot(servers, spec, config, expectedRows);
            Map<Long, byte[]> states = statesByVersion(snapshots);
            long steps = snapshots.stream().mapToLong(r -> snapshot(r).getVersion()).max().orElseThrow();
            StepCounters counters = counters(config, states.get(steps));
            assertEquals(expectedRows, counters.examples(), "every event and every joined example learned once");
            assertEquals(steps, counters.applied());
            assertEquals(0, counters.rejected());

            assertEquals(List.of(), CommittedRecords.readAll(servers, config.kafka().deadLetterTopic()).stream()
                    .map(r -> new String(r.headers().lastHeader(DeadLetterHandler.REASON_HEADER).value(),
                            StandardCharsets.UTF_8)).toList(), "no dead letters");
            List<ConsumerRecord<byte[], byte[]>> input = CommittedRecords.readAll(servers, EVENTS);
            assertEquals(events, input.size());
            Map<String, Long> servedVersion = onePredictionPerEvent(servers, config, events);
            List<ConsumerRecord<byte[], byte[]>> joined = CommittedRecords.readAll(servers,
                    config.labels().joinedTopic());
            assertOneJoinedExamplePerLabelSent(joined, events);

            List<ConsumerRecord<byte[], byte[]>> order = TrainerInputOrder.rebuild(input,
                    r -> servedVersion.get(decodeEvent(r).getId()), r -> !decodeEvent(r).getLabels().isEmpty(),
                    joined, steps);
            Map<Long, byte[]> replayed = replay(config, order);
            assertTrue(replayed.containsKey(steps), "the replay reached the last step");
            int compared = 0;
            for (Map.Entry<Long, byte[]> state : states.entrySet()) {
                if (replayed.containsKey(state.getKey())) {
                    assertArrayEquals(replayed.get(state.getKey()), state.getValue(),
                            "model version " + state.getKey() + ": the replay of the committed order learns it");
                    compared++;
                }
            }
            assertTrue(compared >= 3, "compared " + compared + " versions");
        }
    }

    /**
     * Produces events and their labels while the service is started, killed with SIGKILL mid-stream and restarted
     * three times; sends the labels still owed once the events stop; returns how many events went out.
     */
    private int produceWhileKilling(String servers, Path spec) throws Exception {
        AtomicBoolean producing = new AtomicBoolean(true);
        AtomicInteger sent = new AtomicInteger();
        AtomicReference<Exception> failure = new AtomicReference<>();
        Thread producer = new Thread(() -> {
            try (KafkaProducer<String, byte[]> out = producer(servers)) {
                Callback check = (metadata, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                };
                while (producing.get() && sent.get() + BLOCK <= MAX_EVENTS) {
                    for (int n = 0; n < BLOCK; n++) {
                        int i = sent.getAndIncrement();
                        LabeledEvent event = event(i, Instant.now());
                        out.send(new ProducerRecord<>(EVENTS, null, event.getEventTime().toEpochMilli(), MODEL,
                                codecs.events().encode(event)), check);
                        if (i >= LABEL_GAP) {
                            out.send(label(i - LABEL_GAP), check);
                        }
                    }
                    out.flush();
                    Thread.sleep(PAUSE_MILLIS);
                }
                for (int i = Math.max(0, sent.get() - LABEL_GAP); i < sent.get(); i++) {
                    out.send(label(i), check);
                }
                out.flush();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        producer.start();
        try {
            Path data = dir.resolve("data");
            long[] killAfterMillis = {2500, 1500, 2000};
            for (int run = 0; run < killAfterMillis.length; run++) {
                Process service = ServiceProcess.start(spec, servers, data, dir.resolve("service-" + run + ".log"));
                try {
                    ServiceProcess.awaitNewRecords(servers, NAME + "-predictions", service, Duration.ofSeconds(90));
                    Thread.sleep(killAfterMillis[run]);
                    assertTrue(producer.isAlive(), "events and labels were still arriving when the service was killed");
                } finally {
                    service.destroyForcibly().waitFor();
                }
            }
        } finally {
            producing.set(false);
            producer.join();
        }
        assertNull(failure.get(), "every event and label was sent");
        return sent.get();
    }

    /** Restarts the service once more and waits until its committed model has learned {@code rows} rows. */
    private List<ConsumerRecord<byte[], byte[]>> awaitFinalSnapshot(String servers, Path spec, ServiceConfig config,
                                                                     long rows) throws Exception {
        Process last = ServiceProcess.start(spec, servers, dir.resolve("data"), dir.resolve("service-last.log"));
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (System.nanoTime() < deadline) {
                assertTrue(last.isAlive(), "the service process died by itself");
                List<ConsumerRecord<byte[], byte[]>> snapshots = CommittedRecords.readAll(servers,
                        config.kafka().snapshotsTopic());
                if (!snapshots.isEmpty() && counters(config, state(snapshots.get(snapshots.size() - 1)))
                        .examples() >= rows) {
                    // A little longer, so that a row learned twice would show in a later snapshot.
                    Thread.sleep(2_000);
                    return CommittedRecords.readAll(servers, config.kafka().snapshotsTopic());
                }
                Thread.sleep(500);
            }
            throw new AssertionError("the model did not learn " + rows + " rows within 120s");
        } finally {
            last.destroy();
            last.waitFor();
        }
    }

    /** Asserts one committed prediction per event id; returns the model version each was served with. */
    private Map<String, Long> onePredictionPerEvent(String servers, ServiceConfig config, int events) {
        Map<String, Long> version = new HashMap<>();
        List<String> twice = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : CommittedRecords.readAll(servers,
                config.kafka().predictionsTopic())) {
            Prediction prediction = codecs.predictions().decode(record.value());
            if (version.put(prediction.getEventId(), prediction.getModelVersion()) != null) {
                twice.add(prediction.getEventId());
            }
        }
        assertEquals(List.of(), twice, "no event predicted twice");
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            if (!version.containsKey(id(i))) {
                missing.add(id(i));
            }
        }
        assertEquals(List.of(), missing, "every event predicted");
        assertEquals(events, version.size());
        return version;
    }

    /** Asserts that each event's labels were joined exactly once, whole, with the values sent. */
    private void assertOneJoinedExamplePerLabelSent(List<ConsumerRecord<byte[], byte[]>> records, int events) {
        Map<String, Integer> seen = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            JoinedExample joined = decodeJoined(record.value());
            String id = new String(joined.id(), StandardCharsets.UTF_8);
            seen.merge(id, 1, Integer::sum);
            int i = Integer.parseInt(id.substring(id.lastIndexOf('-') + 1));
            assertFalse(joined.fromExpiry(), id);
            assertArrayEquals(new boolean[] {false, true, true}, joined.labeled(), id);
            Map<String, Object> sent = delayedLabels(i);
            assertEquals(((Double) sent.get("c")).floatValue(), joined.labels()[1], id);
            assertEquals(CLASSES.indexOf((String) sent.get("k")), (int) joined.labels()[2], id);
        }
        assertEquals(List.of(), seen.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey)
                .toList(), "no label joined twice");
        List<String> lost = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            if (!seen.containsKey(id(i))) {
                lost.add(id(i));
            }
        }
        assertEquals(List.of(), lost, "every label joined");
        assertEquals(events, records.size());
    }

    /**
     * Runs the service's topology in a test driver over the trainer's input in {@code order}; returns the states of
     * the snapshots it publishes, by version (the last one once its wall clock passes snapshot_every_seconds).
     */
    private Map<Long, byte[]> replay(ServiceConfig config, List<ConsumerRecord<byte[], byte[]>> order) {
        DeadLetterCounts counts = new DeadLetterCounts();
        var props = StreamsSettings.of(config.kafka(), "unused:9092", dir.resolve("replay"), counts, Map.of());
        try (TopologyTestDriver driver = new TopologyTestDriver(
                ServiceTopology.build(config, codecs, counts, StepListener.NONE, "replay"), props)) {
            TestInputTopic<byte[], byte[]> events = driver.createInputTopic(EVENTS, new ByteArraySerializer(),
                    new ByteArraySerializer());
            TestInputTopic<byte[], byte[]> joined = driver.createInputTopic(config.labels().joinedTopic(),
                    new ByteArraySerializer(), new ByteArraySerializer());
            for (ConsumerRecord<byte[], byte[]> record : order) {
                (record.topic().equals(EVENTS) ? events : joined).pipeInput(
                        new TestRecord<>(record.key(), record.value(), record.headers(), record.timestamp()));
            }
            driver.advanceWallClockTime(Duration.ofSeconds(2));
            Map<Long, byte[]> states = new TreeMap<>();
            for (byte[] value : driver.createOutputTopic(config.kafka().snapshotsTopic(), new StringDeserializer(),
                    new ByteArrayDeserializer()).readValuesToList()) {
                ModelSnapshot snapshot = codecs.snapshots().decode(value);
                states.put(snapshot.getVersion(), bytes(snapshot.getState()));
            }
            assertEquals(0, counts.total(), "the replay dead-letters nothing either");
            return states;
        }
    }

    /** Committed snapshot states by version; a version published twice (after a restart) must be the same model. */
    private Map<Long, byte[]> statesByVersion(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<Long, byte[]> states = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            ModelSnapshot snapshot = snapshot(record);
            assertEquals(1, snapshot.getChunks(), "the small model fits one chunk");
            byte[] earlier = states.put(snapshot.getVersion(), state(record));
            if (earlier != null) {
                assertArrayEquals(earlier, state(record), "version " + snapshot.getVersion() + " published twice");
            }
        }
        return states;
    }

    private ModelSnapshot snapshot(ConsumerRecord<byte[], byte[]> record) {
        return codecs.snapshots().decode(record.value());
    }

    private byte[] state(ConsumerRecord<byte[], byte[]> record) {
        return bytes(snapshot(record).getState());
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] out = new byte[copy.remaining()];
        copy.get(out);
        return out;
    }

    private static StepCounters counters(ServiceConfig config, byte[] state) {
        OnlineLearner learner = new OnlineLearner(config.model());
        learner.restore(state);
        return learner.counters();
    }

    private LabeledEvent decodeEvent(ConsumerRecord<byte[], byte[]> record) {
        return codecs.events().decode(record.value());
    }

    private static JoinedExample decodeJoined(byte[] value) {
        try {
            return JoinedExample.decode(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String id(int i) {
        return "e-" + i;
    }

    /** Event {@code i}: inputs drawn from its own seed; the label of y with it, except for every fourth event. */
    private static LabeledEvent event(int i, Instant at) {
        SplittableRandom random = new SplittableRandom(1_000L + i);
        double a = random.nextDouble() * 4;
        double b = random.nextDouble() - 0.5;
        Map<String, Object> labels = i % 4 == 1 ? Map.of() : Map.of("y", 2 * a - 3 * b);
        return LabeledEvent.newBuilder().setId(id(i)).setModel(MODEL).setEventTime(at)
                .setNumeric(Map.of("a", a, "b", b)).setLabels(labels).build();
    }

    /** The labels of the delayed tasks c and k of event {@code i}, functions of its inputs. */
    private static Map<String, Object> delayedLabels(int i) {
        Map<String, Double> numeric = event(i, Instant.EPOCH).getNumeric();
        double y = 2 * numeric.get("a") - 3 * numeric.get("b");
        return Map.of("c", y > 4 ? 1.0 : 0.0, "k", y < 2 ? "lo" : y < 5 ? "mid" : "hi");
    }

    private ProducerRecord<String, byte[]> label(int i) {
        Instant now = Instant.now();
        LabelEvent label = LabelEvent.newBuilder().setId(id(i)).setModel(MODEL).setLabels(delayedLabels(i))
                .setLabelTime(now).build();
        return new ProducerRecord<>(LABELS, null, now.toEpochMilli(), id(i), codecs.labels().encode(label));
    }

    private static KafkaProducer<String, byte[]> producer(String servers) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new ByteArraySerializer());
    }
}
