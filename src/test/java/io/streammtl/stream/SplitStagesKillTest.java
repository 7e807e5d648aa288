package io.streammtl.stream;

import io.streammtl.avro.LabeledEvent;
import io.streammtl.avro.ModelSnapshot;
import io.streammtl.config.ModelConfigLoader;
import io.streammtl.config.ServiceConfig;
import io.streammtl.learn.OnlineLearner;
import io.streammtl.stream.broker.EmbeddedKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tier 4, on a real KRaft broker: three {@code serve} processes with one application id and {@code kafka.stages:
 * split} share an input of six partitions (events keyed by their id, two model keys, most with labels); the one that
 * learns the most is killed with SIGKILL mid-stream. Then the two survivors own every input partition, every event
 * has exactly one committed prediction, and each model learned each of its labeled events exactly once. Prints the
 * fail-over time (kill → every model learning again; see docs/measurements/2026-12-07-scale-out.md); the standby
 * replicas come from {@code -Dstreammtl.standby} (default 0).
 */
@Tag("integration")
class SplitStagesKillTest {
    private static final String NAME = "split4";
    private static final String EVENTS = NAME + "-events";
    private static final List<String> MODELS = List.of("a", "b");
    private static final int INSTANCES = 3;
    /** The spec's training.batch_size. */
    private static final int BATCH = 4;
    /** Events go out in blocks of this size, one block every {@link #PAUSE_MILLIS} (about 100 a second). */
    private static final int BLOCK = 20;
    private static final long PAUSE_MILLIS = 200;
    /** How long events keep coming after the kill. */
    private static final long AFTER_KILL_MILLIS = 8_000;
    /**
     * A short session timeout: each instance is a static member (its id kept in its state directory), so a killed one
     * keeps its partitions until the session times out.
     */
    private static final String SPEC = """
            name: %1$s
            seed: 3
            features: [{name: a}, {name: b}]
            tasks:
              - {name: y, kind: regression}
            trunk: {layers: [8]}
            training: {batch_size: %3$d}
            kafka:
              application_id: %1$s
              input_topics: [%1$s-events]
              predictions_topic: %1$s-predictions
              snapshots_topic: %1$s-snapshots
              dead_letter_topic: %1$s-dead-letters
              partitions: 6
              stages: split
              snapshot_every_steps: 50
              snapshot_every_seconds: 1
              models: [a, b]
              streams:
                session.timeout.ms: "6000"
                producer.transaction.timeout.ms: "5000"
                num.standby.replicas: "%2$d"
            """;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    private final Codecs codecs = Codecs.create();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void shouldMoveTheKilledInstancesTasksAndPredictEveryEventAndLearnEveryLabelOnce() throws Exception {
        Path spec = dir.resolve(NAME + ".yaml");
        Files.writeString(spec, SPEC.formatted(NAME, Integer.getInteger("streammtl.standby", 0), BATCH));
        ServiceConfig config = ModelConfigLoader.load(spec);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("broker"))) {
            String servers = broker.bootstrapServers();
            TopicCreator.ensure(config.kafka(), null, servers);
            List<Process> services = new ArrayList<>();
            int[] ports = new int[INSTANCES];
            Map<String, Integer> labeled = new ConcurrentHashMap<>();
            AtomicBoolean producing = new AtomicBoolean(true);
            AtomicInteger sent = new AtomicInteger();
            AtomicReference<Exception> failure = new AtomicReference<>();
            Thread producer = new Thread(() -> produce(servers, producing, sent, labeled, failure));
            try {
                for (int i = 0; i < INSTANCES; i++) {
                    ports[i] = freePort();
                    services.add(ServiceProcess.start(spec, servers, dir.resolve("data-" + i),
                            dir.resolve("service-" + i + ".log"), ports[i]));
                }
                producer.start();
                awaitEveryInstancePredicting(services, ports);
                int victim = awaitALearner(ports);
                services.get(victim).destroyForcibly().waitFor();
                long killed = System.nanoTime();
                // Read after the kill: what the killed instance committed last is final now.
                Map<String, Long> versionsAtKill = lastVersions(servers, config);
                double failover = awaitEveryModelLearningPast(servers, config, versionsAtKill, killed);
                System.out.printf("fail-over (standby %d): kill -> every model learning again in %.1f s%n",
                        Integer.getInteger("streammtl.standby", 0), failover);
                Thread.sleep(Math.max(0, AFTER_KILL_MILLIS - (System.nanoTime() - killed) / 1_000_000));
                producing.set(false);
                producer.join();
                assertNull(failure.get(), "every event was sent");

                awaitLearned(servers, config, labeled);
                assertSurvivorsOwnEveryInputPartition(servers, config);
                onePredictionPerEvent(servers, config, sent.get());
                assertEquals(List.of(), CommittedRecords.readAll(servers, config.kafka().deadLetterTopic()),
                        "no dead letters");
            } finally {
                producing.set(false);
                producer.join();
                for (Process service : services) {
                    service.destroyForcibly().waitFor();
                }
            }
        }
    }

    private void produce(String servers, AtomicBoolean producing, AtomicInteger sent, Map<String, Integer> labeled,
                         AtomicReference<Exception> failure) {
        try (KafkaProducer<String, byte[]> out = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), new ByteArraySerializer())) {
            Callback check = (metadata, e) -> {
                if (e != null) {
                    failure.compareAndSet(null, e);
                }
            };
            while (producing.get()) {
                for (int n = 0; n < BLOCK; n++) {
                    int i = sent.getAndIncrement();
                    LabeledEvent event = event(i);
                    if (!event.getLabels().isEmpty()) {
                        labeled.merge(event.getModel(), 1, Integer::sum);
                    }
                    out.send(new ProducerRecord<>(EVENTS, event.getId(), codecs.events().encode(event)), check);
                }
                out.flush();
                Thread.sleep(PAUSE_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Event {@code i}: model a or b in turn, inputs from its own seed, labeled except every fourth. */
    private static LabeledEvent event(int i) {
        SplittableRandom random = new SplittableRandom(7_000L + i);
        double a = random.nextDouble() * 4;
        double b = random.nextDouble() - 0.5;
        Map<String, Object> labels = i % 4 == 1 ? Map.of() : Map.of("y", 2 * a - 3 * b);
        return LabeledEvent.newBuilder().setId("e-" + i).setModel(MODELS.get(i % 2)).setEventTime(Instant.now())
                .setNumeric(Map.of("a", a, "b", b)).setLabels(labels).build();
    }

    private void awaitEveryInstancePredicting(List<Process> services, int[] ports) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
        while (System.nanoTime() < deadline) {
            boolean all = true;
            for (int i = 0; i < INSTANCES; i++) {
                assertTrue(services.get(i).isAlive(), "instance " + i + " died by itself");
                all &= stageEvents(ports[i], "predict") > 0;
            }
            if (all) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("not every instance predicted within 240 s");
    }

    /** The instance that learned the most, once some instance has learned for a second. */
    private int awaitALearner(int[] ports) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            double[] learned = IntStream.range(0, INSTANCES).mapToDouble(i -> stageEvents(ports[i], "learn")).toArray();
            int most = IntStream.range(0, INSTANCES).boxed().max((x, y) -> Double.compare(learned[x], learned[y]))
                    .orElseThrow();
            if (learned[most] > 0) {
                Thread.sleep(1_000);
                return most;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no instance learned within 60 s of every instance predicting");
    }

    /** Seconds from {@code start} (the kill) until every model's published version passes its version at the kill. */
    private double awaitEveryModelLearningPast(String servers, ServiceConfig config, Map<String, Long> atKill,
                                               long start) throws InterruptedException {
        while (System.nanoTime() - start < Duration.ofSeconds(90).toNanos()) {
            Map<String, Long> now = lastVersions(servers, config);
            if (MODELS.stream().allMatch(m -> now.getOrDefault(m, 0L) > atKill.getOrDefault(m, 0L))) {
                return (System.nanoTime() - start) / 1e9;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not every model learned again within 90 s of the kill");
    }

    /**
     * Waits until each model's committed snapshot counts its labeled events, and still does 2 s later: all but the
     * last {@code labeled % BATCH}, which wait in the open batch for more.
     */
    private void awaitLearned(String servers, ServiceConfig config, Map<String, Integer> labeled)
            throws InterruptedException {
        Map<String, Long> expected = labeled.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> (long) (e.getValue() - e.getValue() % BATCH)));
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline && !expected.equals(examples(servers, config))) {
            Thread.sleep(500);
        }
        Thread.sleep(2_000);
        assertEquals(expected, examples(servers, config), "each labeled example learned exactly once, per model");
    }

    private Map<String, Long> examples(String servers, ServiceConfig config) {
        Map<String, Long> out = new HashMap<>();
        for (ModelSnapshot snapshot : lastSnapshots(servers, config).values()) {
            OnlineLearner learner = new OnlineLearner(config.model());
            byte[] state = new byte[snapshot.getState().remaining()];
            snapshot.getState().duplicate().get(state);
            learner.restore(state);
            out.put(snapshot.getModel(), learner.counters().examples());
        }
        return out;
    }

    private Map<String, Long> lastVersions(String servers, ServiceConfig config) {
        Map<String, Long> out = new HashMap<>();
        lastSnapshots(servers, config).forEach((model, snapshot) -> out.put(model, snapshot.getVersion()));
        return out;
    }

    private Map<String, ModelSnapshot> lastSnapshots(String servers, ServiceConfig config) {
        Map<String, ModelSnapshot> last = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : CommittedRecords.readAll(servers,
                config.kafka().snapshotsTopic())) {
            ModelSnapshot snapshot = codecs.snapshots().decode(record.value());
            ModelSnapshot before = last.get(snapshot.getModel());
            if (before == null || snapshot.getVersion() >= before.getVersion()) {
                last.put(snapshot.getModel(), snapshot);
            }
        }
        return last;
    }

    private static void assertSurvivorsOwnEveryInputPartition(String servers, ServiceConfig config)
            throws Exception {
        Set<Integer> owned = new TreeSet<>();
        int members;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(config.kafka().applicationId()))
                    .all().get().get(config.kafka().applicationId());
            members = group.members().size();
            for (MemberDescription member : group.members()) {
                for (TopicPartition partition : member.assignment().topicPartitions()) {
                    if (partition.topic().equals(EVENTS)) {
                        owned.add(partition.partition());
                    }
                }
            }
        }
        assertEquals(INSTANCES - 1, members, "the killed instance left the group");
        assertEquals(Set.of(0, 1, 2, 3, 4, 5), owned, "the survivors own every input partition");
    }

    /** Waits up to 30 s for a prediction of every event, then asserts exactly one of each. */
    private void onePredictionPerEvent(String servers, ServiceConfig config, int events) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Map<String, Integer> count = predictionsPerEvent(servers, config);
        while (count.size() < events && System.nanoTime() < deadline) {
            Thread.sleep(500);
            count = predictionsPerEvent(servers, config);
        }
        Map<String, Integer> seen = count;
        assertEquals(List.of(), seen.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey)
                .toList(), "no event predicted twice");
        assertEquals(List.of(), IntStream.range(0, events).mapToObj(i -> "e-" + i)
                .filter(id -> !seen.containsKey(id)).toList(), "every event predicted");
    }

    private Map<String, Integer> predictionsPerEvent(String servers, ServiceConfig config) {
        Map<String, Integer> count = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : CommittedRecords.readAll(servers,
                config.kafka().predictionsTopic())) {
            count.merge(codecs.predictions().decode(record.value()).getEventId(), 1, Integer::sum);
        }
        return count;
    }

    /** The instance's {@code streammtl_stage_events_total} of {@code stage}, 0 while it cannot be scraped. */
    private double stageEvents(int port, String stage) {
        try {
            String body = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/metrics"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).body();
            return body.lines().filter(l -> l.startsWith("streammtl_stage_events_total{")
                            && l.contains("stage=\"" + stage + "\""))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
