package io.streammtl.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streammtl.avro.LabeledEvent;
import io.streammtl.config.KafkaConfig;
import io.streammtl.config.ModelKeys;
import io.streammtl.config.ServiceConfig;
import io.streammtl.config.Stages;
import io.streammtl.stream.Codecs;
import io.streammtl.stream.EventProducer;
import io.streammtl.stream.JoinListener;
import io.streammtl.stream.StreamService;
import org.apache.kafka.common.utils.Utils;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static io.streammtl.bench.Samples.percentile;

/**
 * The {@code bench scale-out} harness: {@code kafka.stages: split} with 1, 2, 3… instances of one application in this
 * JVM (each its own Kafka Streams client, group member, state directory and stream thread), over the same pre-loaded
 * events (keyed by id, several partitions, several models, a given fraction labeled), each run started paused until
 * every instance holds its tasks. It reports the prediction stage's and the learner's rates, the CPU per event of
 * every instance's threads and of the busiest one, and how old and how many steps behind the broadcast model was at
 * each prediction, for each snapshot cadence asked. Figures only, never pass or fail.
 */
public final class ScaleOutBench {
    /** What to measure; the constructor refuses settings that cannot be run. */
    public record Settings(int events, List<Integer> instances, List<Double> labeledFractions,
                           List<Long> snapshotEverySteps, long snapshotEverySeconds, int partitions, int models,
                           boolean warmUp) {
        public Settings {
            instances = List.copyOf(instances);
            labeledFractions = List.copyOf(labeledFractions);
            snapshotEverySteps = List.copyOf(snapshotEverySteps);
            if (events < 1 || partitions < 1 || models < 1 || instances.isEmpty() || labeledFractions.isEmpty()
                    || snapshotEverySteps.isEmpty()
                    || instances.stream().anyMatch(n -> n < 1 || n > partitions)
                    || labeledFractions.stream().anyMatch(f -> !(f > 0 && f <= 1))
                    || snapshotEverySteps.stream().anyMatch(k -> k < 0) || snapshotEverySeconds < 0
                    || snapshotEverySteps.contains(0L) && snapshotEverySeconds == 0) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "--events, --partitions and --models must "
                        + "be at least 1, --instances between 1 and --partitions, --labeled in (0, 1], "
                        + "--snapshot-every-steps and --snapshot-every-seconds at least 0, not both 0 (got %d, %d, %d, %s, %s, "
                        + "%s, %d)", events, partitions, models, instances, labeledFractions, snapshotEverySteps,
                        snapshotEverySeconds));
            }
        }
    }

    private static final Duration ASSIGNMENT_TIMEOUT = Duration.ofSeconds(40);
    private static final Duration SETTLED = Duration.ofSeconds(1);
    private static final Duration LEARNING_TIMEOUT = Duration.ofMinutes(5);

    private final Settings settings;
    private final PrintWriter out;

    /** A bench that prints its figures to {@code out}. */
    public ScaleOutBench(Settings settings, PrintWriter out) {
        this.settings = settings;
        this.out = out;
    }

    /** Runs every combination on the broker at {@code servers}, with state under {@code work}; returns the figures. */
    public ArrayNode run(String servers, String brokerNote, Path work, ServiceConfig spec, List<LabeledEvent> rows)
            throws Exception {
        String run = Long.toString(System.currentTimeMillis(), 36);
        out.printf(Locale.ROOT, "machine: %d cores visible, Java %s; broker %s%s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), servers, brokerNote);
        List<String> keys = modelKeys(settings.models(), settings.partitions());
        out.printf(Locale.ROOT, "%,d events per run keyed by id over %d partitions, models %s (learning stage "
                        + "partitions %s), kafka.stages: split, exactly_once_v2, one stream thread per instance, "
                        + "instances in this JVM; metrics listener off%n", settings.events(), settings.partitions(),
                keys, keys.stream().map(k -> partitionOf(k, settings.partitions())).toList());
        ArrayNode figures = new ObjectMapper().createArrayNode();
        boolean warm = !settings.warmUp();
        for (double fraction : settings.labeledFractions()) {
            String input = "so-" + run + "-in-" + Math.round(fraction * 1000);
            long labeled = preload(servers, input, rows, keys, fraction);
            for (long every : settings.snapshotEverySteps()) {
                if (!warm) {
                    long started = System.nanoTime();
                    measure(servers, work, spec, input, keys, labeled, 1, every, run + "-warm");
                    out.printf(Locale.ROOT, "warm-up: one instance over the %,d events, unmeasured (%.1f s)%n",
                            settings.events(), (System.nanoTime() - started) / 1e9);
                    warm = true;
                }
                for (int instances : settings.instances()) {
                    String tag = String.format(Locale.ROOT, "%s-f%d-k%d-n%d", run, Math.round(fraction * 1000), every,
                            instances);
                    Figures measured = measure(servers, work, spec, input, keys, labeled, instances, every, tag);
                    print(fraction, every, instances, measured);
                    figures.add(measured.toJson(fraction, every, settings.snapshotEverySeconds(), instances));
                }
            }
        }
        return figures;
    }

    /** Loads the events of one labeled fraction; returns how many carry labels. */
    private long preload(String servers, String input, List<LabeledEvent> rows, List<String> keys, double fraction)
            throws Exception {
        BenchKafka.createTopic(servers, input, settings.partitions(), Map.of());
        Codecs codecs = Codecs.create();
        long labeled = 0;
        long started = System.nanoTime();
        try (EventProducer producer = new EventProducer(servers, input, codecs.events())) {
            for (int i = 0; i < settings.events(); i++) {
                LabeledEvent row = rows.get(i % rows.size());
                boolean withLabels = Math.floor((i + 1) * fraction) > Math.floor(i * fraction);
                String id = i + ":" + row.getId();
                LabeledEvent event = new LabeledEvent(id, Instant.now(), keys.get(i % keys.size()), row.getNumeric(),
                        row.getDense(), row.getCategorical(), withLabels ? row.getLabels() : Map.of());
                producer.sendRaw(id, codecs.events().encode(event));
                labeled += withLabels ? 1 : 0;
            }
            producer.flush();
        }
        out.printf(Locale.ROOT, "pre-loaded %,d events, %,d labeled (%.0f %%), in %.1f s%n", settings.events(), labeled,
                100 * fraction, (System.nanoTime() - started) / 1e9);
        return labeled;
    }

    private Figures measure(String servers, Path work, ServiceConfig spec, String input, List<String> keys,
                            long labeled, int count, long snapshotEverySteps, String tag) throws Exception {
        String application = "so-" + tag;
        KafkaConfig kafka = spec.kafka().forRun(application, input, application, Map.of())
                .withStages(Stages.SPLIT)
                .withModelKeys(ModelKeys.only(keys.toArray(String[]::new)))
                .withSnapshots(snapshotEverySteps, settings.snapshotEverySeconds());
        Map<String, AtomicLong> newest = InstanceProbe.newestVersions();
        List<StreamService> instances = new ArrayList<>();
        List<InstanceProbe> probes = new ArrayList<>();
        List<String> clients = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                String client = application + "-i" + i;
                InstanceProbe probe = new InstanceProbe(newest);
                ServiceConfig config = spec.withKafka(kafka.withStreamsSetting("client.id", client));
                StreamService service = StreamService.start(config, servers, work.resolve(client), probe,
                        JoinListener.NONE, Map.of());
                service.models().listen(probe);
                pauseOnceStarted(service);
                instances.add(service);
                probes.add(probe);
                clients.add(client);
            }
            awaitAssigned(instances);
            long early = probes.stream().mapToLong(InstanceProbe::predicted).sum();
            if (early > 0) {
                out.printf(Locale.ROOT, "note: %,d events predicted before the group settled%n", early);
            }
            ThreadCpu before = ThreadCpu.now();
            long started = System.nanoTime();
            instances.forEach(service -> service.streams().resume());
            CommittedCount predictions = CommittedCount.await(servers, kafka.predictionsTopic(), settings.events(),
                    Duration.ofMinutes(10));
            long unlearnedAtMost = (long) keys.size() * spec.model().training().batchSize();
            awaitLearned(probes, labeled - unlearnedAtMost);
            ThreadCpu after = ThreadCpu.now();
            out.printf(Locale.ROOT, "  stream threads' wall time (Kafka Streams' ratios): %s%n", instances.stream()
                    .map(service -> BenchKafka.threadTime(service.streams())).toList());
            // CPU is counted from the settled start: divide it by the events processed since.
            return Figures.of(predictions, probes, clients, before, after, started, (int) (settings.events() - early));
        } finally {
            for (StreamService service : instances) {
                service.close();
            }
        }
    }

    /**
     * Pauses processing once the instance's stream thread has started: paused before, Kafka Streams 4.3 does not
     * bootstrap the global store (the model broadcast), so the stream thread never starts. Between its start and the
     * pause the thread has at most joined its group; no task is assigned that early (reported if one was).
     */
    private static void pauseOnceStarted(StreamService service) throws InterruptedException {
        long deadline = System.nanoTime() + ASSIGNMENT_TIMEOUT.toNanos();
        while (service.streams().metadataForLocalThreads().stream()
                .allMatch(thread -> "CREATED".equals(thread.threadState()))) {
            if (service.failure() != null || System.nanoTime() > deadline) {
                throw new IllegalStateException("an instance did not start its stream thread", service.failure());
            }
            Thread.sleep(1);
        }
        service.streams().pause();
    }

    /**
     * Waits until every instance's stream thread runs (it has its assignment) and the running tasks have not changed
     * for a second, so that all start together. Paused, a learner task does not restore its store, so it shows up
     * only once resumed: a running thread, not a running client, is what says the group has settled.
     */
    private static void awaitAssigned(List<StreamService> instances) throws InterruptedException {
        long deadline = System.nanoTime() + ASSIGNMENT_TIMEOUT.toNanos();
        String last = "";
        long sameSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            StringBuilder now = new StringBuilder();
            boolean allRunning = true;
            for (StreamService service : instances) {
                if (service.failure() != null) {
                    throw new IllegalStateException("an instance failed to start", service.failure());
                }
                for (var thread : service.streams().metadataForLocalThreads()) {
                    allRunning &= "RUNNING".equals(thread.threadState());
                    now.append(thread.threadName()).append(thread.activeTasks()).append(';');
                }
            }
            if (!now.toString().equals(last)) {
                last = now.toString();
                sameSince = System.nanoTime();
            } else if (allRunning && System.nanoTime() - sameSince > SETTLED.toNanos()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the instances did not settle within " + ASSIGNMENT_TIMEOUT + ": "
                + instances.stream().map(s -> s.state() + " " + s.streams().metadataForLocalThreads().stream()
                        .map(t -> t.threadState() + " " + t.activeTasks().size() + " tasks").toList()).toList());
    }

    private static void awaitLearned(List<InstanceProbe> probes, long atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + LEARNING_TIMEOUT.toNanos();
        while (probes.stream().mapToLong(InstanceProbe::learned).sum() < atLeast) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + probes.stream().mapToLong(InstanceProbe::learned).sum()
                        + " of at least " + atLeast + " labeled examples learned within " + LEARNING_TIMEOUT);
            }
            Thread.sleep(20);
        }
    }

    /**
     * {@code count} model keys ({@code m0}, {@code m1}, …) that the learning stage's repartition topic puts on distinct
     * partitions where it can: two models on one partition would share one learner task, i.e. one thread.
     */
    static List<String> modelKeys(int count, int partitions) {
        List<String> keys = new ArrayList<>();
        java.util.Set<Integer> used = new java.util.HashSet<>();
        for (int i = 0; keys.size() < count; i++) {
            String key = "m" + i;
            if (used.add(partitionOf(key, partitions)) || used.size() == partitions) {
                keys.add(key);
            }
        }
        return keys;
    }

    /** The partition Kafka's default partitioner gives {@code key} (murmur2 of its UTF-8 bytes). */
    private static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    private void print(double fraction, long every, int instances, Figures f) {
        out.printf(Locale.ROOT, "labeled %.0f %%, snapshot every %d steps or %d s, %d instance%s: predictions %,.0f/s, "
                        + "learned %,.0f examples/s; CPU µs/event: stream threads %.2f (the busiest did %.0f %% of it, "
                        + "busy %.0f %% of the run), all instances' threads %.2f, process %.2f; model age at "
                        + "prediction p50 %.0f ms, p99 %.0f ms, steps behind p50 %.0f, p99 %.0f; %,d predicted by the "
                        + "seeded model; broadcast "
                        + "%.1f KB/s per instance; predictions per instance %s, learned per instance %s%n",
                100 * fraction, every, settings.snapshotEverySeconds(), instances, instances == 1 ? "" : "s",
                f.predictionsPerSecond(), f.learnedPerSecond(), f.streamCpuMicrosPerEvent(),
                100 * f.busiestCpuShare(), 100 * f.busiestShare(),
                f.instanceCpuMicrosPerEvent(), f.processCpuMicrosPerEvent(), f.ageP50(), f.ageP99(),
                f.behindP50(), f.behindP99(), f.seeded(), f.broadcastKilobytesPerSecond(), f.predictedPerInstance(),
                f.learnedPerInstance());
    }

    /** The figures of one run. */
    private record Figures(double predictionsPerSecond, double learnedPerSecond, double streamCpuMicrosPerEvent,
                           double busiestCpuShare, double busiestShare, double instanceCpuMicrosPerEvent,
                           double processCpuMicrosPerEvent,
                           double ageP50, double ageP99, double behindP50, double behindP99, long seeded,
                           double broadcastKilobytesPerSecond, List<Long> predictedPerInstance,
                           List<Long> learnedPerInstance) {
        static Figures of(CommittedCount predictions, List<InstanceProbe> probes, List<String> clients,
                          ThreadCpu before, ThreadCpu after, long started, int events) {
            double wallNanos = predictions.lastNanos() - started;
            long streamCpu = 0;
            long busiest = 0;
            long instanceCpu = 0;
            for (String client : clients) {
                long[] stream = after.threadsSince(before, client + "-StreamThread");
                streamCpu += stream[0];
                busiest = Math.max(busiest, stream[1]);
                instanceCpu += after.threadsSince(before, client)[0];
            }
            long firstStep = probes.stream().mapToLong(InstanceProbe::firstStepNanos).filter(n -> n > 0).min()
                    .orElse(0);
            long lastStep = probes.stream().mapToLong(InstanceProbe::lastStepNanos).max().orElse(0);
            long learned = probes.stream().mapToLong(InstanceProbe::learned).sum();
            double[] ages = concat(probes.stream().map(InstanceProbe::agesMillis).toList());
            double[] behind = concat(probes.stream().map(InstanceProbe::stepsBehind).toList());
            double bytesPerInstance = probes.stream().mapToLong(InstanceProbe::broadcastBytes).average().orElse(0);
            return new Figures(predictions.ratePerSecond(), lastStep > firstStep ? learned / ((lastStep - firstStep)
                    / 1e9) : Double.NaN, streamCpu / 1e3 / events, (double) busiest / streamCpu,
                    busiest / wallNanos,
                    instanceCpu / 1e3 / events, after.processSince(before) / 1e3 / events, percentile(ages, 50),
                    percentile(ages, 99), percentile(behind, 50), percentile(behind, 99),
                    probes.stream().mapToLong(InstanceProbe::seeded).sum(), bytesPerInstance / 1e3 / (wallNanos / 1e9),
                    probes.stream().map(InstanceProbe::predicted).toList(),
                    probes.stream().map(InstanceProbe::learned).toList());
        }

        private static double[] concat(List<double[]> parts) {
            return parts.stream().flatMapToDouble(java.util.Arrays::stream).toArray();
        }

        ObjectNode toJson(double fraction, long every, long everySeconds, int instances) {
            ObjectNode node = new ObjectMapper().createObjectNode();
            node.put("labeled_fraction", fraction);
            node.put("snapshot_every_steps", every);
            node.put("snapshot_every_seconds", everySeconds);
            node.put("instances", instances);
            node.put("predictions_per_s", predictionsPerSecond);
            node.put("learned_per_s", learnedPerSecond);
            node.put("stream_thread_cpu_us_per_event", streamCpuMicrosPerEvent);
            node.put("busiest_thread_cpu_share", busiestCpuShare);
            node.put("busiest_thread_busy_share", busiestShare);
            node.put("instance_threads_cpu_us_per_event", instanceCpuMicrosPerEvent);
            node.put("process_cpu_us_per_event", processCpuMicrosPerEvent);
            node.put("model_age_p50_ms", ageP50);
            node.put("model_age_p99_ms", ageP99);
            node.put("steps_behind_p50", behindP50);
            node.put("steps_behind_p99", behindP99);
            node.put("seeded_predictions", seeded);
            node.put("broadcast_kb_per_s_per_instance", broadcastKilobytesPerSecond);
            predictedPerInstance.forEach(node.putArray("predicted_per_instance")::add);
            learnedPerInstance.forEach(node.putArray("learned_per_instance")::add);
            return node;
        }
    }
}
