package io.streammtl.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streammtl.avro.LabeledEvent;
import io.streammtl.config.ConfigException;
import io.streammtl.config.ModelConfig;
import io.streammtl.config.ModelConfigLoader;
import io.streammtl.stream.Codecs;
import io.streammtl.stream.DeadLetterCounts;
import io.streammtl.stream.EventProducer;
import io.streammtl.stream.PassthroughTopology;
import io.streammtl.stream.StreamService;
import io.streammtl.stream.StreamsSettings;
import io.streammtl.stream.StepListener;
import io.streammtl.stream.broker.EmbeddedKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code streammtl bench stream}: pre-loads N events, warms both topologies up, then runs a passthrough topology and
 * the learning topology over the same records on the same broker (exactly-once, one stream thread) a few times in
 * turn, and reports the median rates and their ratio; then event→prediction latency at a given rate under
 * at-least-once and exactly-once.
 */
@Command(name = "stream", mixinStandardHelpOptions = true,
        description = "Learning vs passthrough throughput on Kafka, and event-to-prediction latency.")
public final class BenchStreamCommand implements java.util.concurrent.Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", defaultValue = "classpath:config/wine.yaml", description = "Model spec (default ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--data", defaultValue = "classpath:data/wine/red-train.csv", description = "Rows cycled into events.")
    String data;

    @Option(names = "--events", defaultValue = "1000000", description = "Events pre-loaded (default ${DEFAULT-VALUE}).")
    int events;

    @Option(names = "--bootstrap-servers", description = "Kafka; without it an embedded broker starts in a temporary directory.")
    String bootstrapServers;

    @Option(names = "--rate", defaultValue = "0", description = "Events/s for the latency runs; 0 = half the learning rate measured.")
    double rate;

    @Option(names = "--latency-seconds", defaultValue = "10", description = "Length of each latency run; 0 skips them.")
    int latencySeconds;

    @Option(names = "--warmup-events", defaultValue = "300000", description = "Records each topology first runs over "
            + "unmeasured, so that both are measured with compiled code, as in a long-running service (default "
            + "${DEFAULT-VALUE}; 0 = none).")
    int warmupEvents;

    @Option(names = "--repeats", defaultValue = "3", description = "Passthrough-then-learning pairs measured; the "
            + "medians are reported (default ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--thread-breakdown", description = "Also print CPU time and allocation per event of every thread "
            + "group in each measured run.")
    boolean threadBreakdown;

    @Option(names = "--latency-warmup-seconds", defaultValue = "10", description = "Paced sending before each "
            + "latency run's window, not counted (default ${DEFAULT-VALUE}).")
    int latencyWarmupSeconds;

    @Option(names = "--producer-linger-ms", defaultValue = "5", description = "linger.ms of the paced producer of the "
            + "latency runs (default ${DEFAULT-VALUE}, Kafka's own default; 0 sends every event at once).")
    int producerLingerMillis;

    @Option(names = "--json", description = "Write the figures as JSON.")
    Path json;

    @Option(names = "--without-metrics", description = "Learn without the Prometheus metrics listener, as serve "
            + "would with none (to measure what the metrics cost).")
    boolean withoutMetrics;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (repeats < 1 || events < 1 || warmupEvents < 0 || latencyWarmupSeconds < 0 || producerLingerMillis < 0) {
            spec.commandLine().getErr().printf("error: --repeats and --events must be at least 1, --warmup-events and "
                    + "--latency-warmup-seconds at least 0 (got %d, %d, %d, %d)%n", repeats, events, warmupEvents,
                    latencyWarmupSeconds);
            return ExitCodes.BAD_INPUT;
        }
        ModelConfig model;
        try {
            model = ModelConfigLoader.load(config);
        } catch (ConfigException e) {
            spec.commandLine().getErr().println("error: " + config + ": " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        Path work = Files.createTempDirectory("streammtl-bench");
        EmbeddedKafkaBroker broker = bootstrapServers == null ? EmbeddedKafkaBroker.start(work.resolve("broker")) : null;
        String servers = broker != null ? broker.bootstrapServers() : bootstrapServers;
        String run = Long.toString(System.currentTimeMillis(), 36);
        try {
            out.printf(Locale.ROOT, "machine: %d cores visible, Java %s; broker %s%s%n",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), servers,
                    broker != null ? " (embedded, same JVM)" : "");
            out.println(withoutMetrics ? "metrics: off (--without-metrics)" : "metrics: collected (no HTTP endpoint)");
            Codecs codecs = Codecs.create();
            List<LabeledEvent> rows = ProduceCommand.read(model, data, "bench");
            String input = "bench-" + run + "-in";
            createTopic(servers, input);
            long loadStart = System.nanoTime();
            try (EventProducer producer = new EventProducer(servers, input, codecs.events())) {
                for (int i = 0; i < events; i++) {
                    LabeledEvent row = rows.get(i % rows.size());
                    producer.send(copy(row, i + ":" + row.getId(), Instant.now()));
                }
                producer.flush();
            }
            out.printf(Locale.ROOT, "pre-loaded %,d events in %.1f s%n", events, (System.nanoTime() - loadStart) / 1e9);
            if (warmupEvents > 0) {
                long warmStart = System.nanoTime();
                int warm = Math.min(warmupEvents, events);
                passthrough(servers, input, run + "-warm", work, model, warm, false);
                learning(servers, input, run + "-warm", work, model, warm, false);
                out.printf(Locale.ROOT, "warm-up: both topologies over %,d records, unmeasured (%.1f s)%n", warm,
                        (System.nanoTime() - warmStart) / 1e9);
            }
            List<Run> passthroughs = new java.util.ArrayList<>();
            List<Run> learnings = new java.util.ArrayList<>();
            for (int repeat = 1; repeat <= repeats; repeat++) {
                String tag = run + "-" + repeat;
                Run passthrough = passthrough(servers, input, tag, work, model, events, threadBreakdown);
                print(out, repeat, "passthrough", passthrough);
                Run learning = learning(servers, input, tag, work, model, events, threadBreakdown);
                print(out, repeat, "learning   ", learning);
                passthroughs.add(passthrough);
                learnings.add(learning);
            }
            double passthroughRate = median(passthroughs, Run::eventsPerSecond);
            double learningRate = median(learnings, Run::eventsPerSecond);
            double ratio = learningRate / passthroughRate;
            out.printf(Locale.ROOT, "median of %d: passthrough %,.0f events/s, learning %,.0f events/s, "
                            + "ratio learning/passthrough %.2f (per repeat: %s)%n", repeats, passthroughRate, learningRate,
                    ratio, pairRatios(passthroughs, learnings));
            ObjectNode root = new ObjectMapper().createObjectNode();
            root.put("events", events);
            root.put("warmup_events", warmupEvents);
            root.put("repeats", repeats);
            root.put("passthrough_eps", passthroughRate);
            root.put("learning_eps", learningRate);
            root.put("ratio", ratio);
            root.put("passthrough_cpu_us_per_event", median(passthroughs, Run::cpuMicrosPerEvent));
            root.put("learning_cpu_us_per_event", median(learnings, Run::cpuMicrosPerEvent));
            root.put("passthrough_process_cpu_us_per_event", median(passthroughs, Run::processCpuMicrosPerEvent));
            root.put("learning_process_cpu_us_per_event", median(learnings, Run::processCpuMicrosPerEvent));
            if (latencySeconds > 0) {
                double latencyRate = rate > 0 ? rate : learningRate / 2;
                for (String guarantee : List.of(StreamsConfig.AT_LEAST_ONCE, StreamsConfig.EXACTLY_ONCE_V2)) {
                    LatencyRun measured = latency(servers, run, work, model, rows, latencyRate, guarantee);
                    double[] ms = measured.ms();
                    double[] created = measured.fromCreationMs();
                    out.printf(Locale.ROOT, "latency at %,.0f events/s, %s: p50 %.1f ms, p99 %.1f ms from the event's "
                                    + "append to the input topic; p50 %.1f ms, p99 %.1f ms from its creation by a producer "
                                    + "with linger.ms %d (%d predictions; %s)%n", latencyRate, guarantee,
                            percentile(ms, 50), percentile(ms, 99), percentile(created, 50), percentile(created, 99),
                            producerLingerMillis, ms.length, measured.context());
                    ObjectNode node = root.putObject("latency_" + guarantee);
                    node.put("rate", latencyRate);
                    node.put("p50_ms", percentile(ms, 50));
                    node.put("p99_ms", percentile(ms, 99));
                    node.put("p50_from_creation_ms", percentile(measured.fromCreationMs(), 50));
                    node.put("p99_from_creation_ms", percentile(measured.fromCreationMs(), 99));
                    node.put("producer_linger_ms", producerLingerMillis);
                }
            }
            if (json != null) {
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), root);
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
            WorkDirectory.delete(work);
        }
        return 0;
    }

    private static void createTopic(String servers, String topic) throws Exception {
        createTopic(servers, topic, Map.of());
    }

    private static void createTopic(String servers, String topic, Map<String, String> configs) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1).configs(configs))).all().get();
        }
    }

    private static void print(PrintWriter out, int repeat, String topology, Run run) {
        out.printf(Locale.ROOT, "%d. %s (exactly_once_v2, 1 thread): %,.0f events/s, CPU µs/event: stream thread %.2f, "
                        + "process %.2f (%s)%n", repeat, topology, run.eventsPerSecond(), run.cpuMicrosPerEvent(),
                run.processCpuMicrosPerEvent(), run.threadTime());
    }

    private static double median(List<Run> runs, java.util.function.ToDoubleFunction<Run> figure) {
        double[] values = runs.stream().mapToDouble(figure).toArray();
        Arrays.sort(values);
        int middle = values.length / 2;
        return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    private static String pairRatios(List<Run> passthroughs, List<Run> learnings) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < passthroughs.size(); i++) {
            out.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f",
                    learnings.get(i).eventsPerSecond() / passthroughs.get(i).eventsPerSecond()));
        }
        return out.toString();
    }

    /** One throughput run: the output rate, the stream thread's and the whole process's CPU time per event. */
    private record Run(double eventsPerSecond, double cpuMicrosPerEvent, double processCpuMicrosPerEvent,
                       String threadTime) {
    }

    /** The stream thread's commit latency, from Kafka Streams' own metrics. */
    private static String commitLatency(KafkaStreams streams) {
        double[] avgMax = new double[2];
        streams.metrics().forEach((name, metric) -> {
            if (name.group().equals("stream-thread-metrics") && metric.metricValue() instanceof Double value) {
                if (name.name().equals("commit-latency-avg")) {
                    avgMax[0] = value;
                } else if (name.name().equals("commit-latency-max")) {
                    avgMax[1] = value;
                }
            }
        });
        if (!(avgMax[0] > 0)) {
            return "no commit in the metrics window";
        }
        return String.format(Locale.ROOT, "commits avg %.1f ms, max %.1f ms", avgMax[0], avgMax[1]);
    }

    /** Where the stream thread's wall time went, from Kafka Streams' own thread-level ratios. */
    private static String threadTime(KafkaStreams streams) {
        Map<String, Double> ratios = new java.util.TreeMap<>();
        streams.metrics().forEach((name, metric) -> {
            if (name.group().equals("stream-thread-metrics") && name.name().endsWith("-ratio")
                    && metric.metricValue() instanceof Double value) {
                ratios.merge(name.name().replace("-ratio", ""), value, Double::sum);
            }
        });
        StringBuilder out = new StringBuilder();
        ratios.forEach((phase, value) -> out.append(String.format(Locale.ROOT, " %s %.0f%%", phase, 100 * value)));
        return out.toString().trim();
    }

    private Run passthrough(String servers, String input, String run, Path work, ModelConfig model, int expected,
                            boolean breakdown) throws Exception {
        String application = "bench-" + run + "-pass";
        String output = application + "-out";
        createTopic(servers, output);
        Properties props = StreamsSettings.of(model.kafka().forRun(application, input, output, Map.of()),
                servers, work.resolve(application), new DeadLetterCounts(), Map.of());
        try (KafkaStreams streams = new KafkaStreams(PassthroughTopology.build(input, output), props)) {
            ThreadCpu before = ThreadCpu.now();
            streams.start();
            double rate = countRate(servers, output, expected, true);
            return measured(rate, application, expected, before, breakdown, threadTime(streams));
        }
    }

    private Run learning(String servers, String input, String run, Path work, ModelConfig model, int expected,
                         boolean breakdown) throws Exception {
        String application = "bench-" + run + "-learn";
        ModelConfig learn = model.withKafka(model.kafka().forRun(application, input, application, Map.of()));
        ThreadCpu before = ThreadCpu.now();
        try (StreamService service = StreamService.start(learn, servers, work.resolve(application), listener(learn), Map.of())) {
            double rate = countRate(servers, learn.kafka().predictionsTopic(), expected, true);
            return measured(rate, application, expected, before, breakdown, threadTime(service.streams()));
        }
    }

    private Run measured(double rate, String application, int expected, ThreadCpu before, boolean breakdown,
                         String threadTime) {
        ThreadCpu after = ThreadCpu.now();
        if (breakdown) {
            after.printSince(before, expected, spec.commandLine().getOut());
        }
        return new Run(rate, after.streamThreadsSince(before, application) / 1e3 / expected,
                after.processSince(before) / 1e3 / expected, threadTime);
    }

    /** The service's metrics listener (collection only, no HTTP endpoint), unless left out. */
    private StepListener listener(ModelConfig learn) {
        return withoutMetrics ? StepListener.NONE : new io.streammtl.metrics.ServiceMetrics(learn);
    }

    /**
     * Reads {@code expected} records; the rate is taken from the first to the last arrival (start-up excluded), or
     * over the whole run when all arrive at once.
     */
    private static double countRate(String servers, String topic, int expected, boolean committed) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(servers, committed)) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            consumer.seekToBeginning(consumer.assignment());
            long started = System.nanoTime();
            long count = 0;
            long firstBatch = 0;
            long first = 0;
            long last = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (count < expected && System.nanoTime() < deadline) {
                int got = consumer.poll(Duration.ofMillis(200)).count();
                if (got > 0) {
                    last = System.nanoTime();
                    if (count == 0) {
                        first = last;
                        firstBatch = got;
                    }
                    count += got;
                }
            }
            if (count < expected) {
                throw new IllegalStateException("only " + count + " of " + expected + " records reached " + topic);
            }
            if (count == firstBatch) {
                // Everything came in one read (a run short enough for one commit): no steady part to time, so the
                // rate is over the whole run, start-up included.
                return count / ((last - started) / 1e9);
            }
            return (count - firstBatch) / ((last - first) / 1e9);
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String servers, boolean committed) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, committed ? "read_committed" : "read_uncommitted",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** One latency run: event→prediction milliseconds, and what went on meanwhile (commits, GC pauses). */
    private record LatencyRun(double[] ms, double[] fromCreationMs, String context) {
    }

    private LatencyRun latency(String servers, String run, Path work, ModelConfig model, List<LabeledEvent> rows,
                               double eventsPerSecond, String guarantee) throws Exception {
        String tag = "bench-" + run + "-lat-" + guarantee.replace('_', '-');
        String input = tag + "-in";
        // The broker stamps each event with its append time, which the prediction carries on as its record timestamp:
        // latency from there on is the service's own, whatever the producer's batching.
        createTopic(servers, input, Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime"));
        ModelConfig learn = model.withKafka(model.kafka().forRun(tag, input, tag,
                Map.of(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee)));
        Codecs codecs = Codecs.create();
        // Primitive, not boxed: a list of a million boxed latencies would itself lengthen every young GC pause.
        double[] latencies = new double[1 << 16];
        int recorded = 0;
        double[] fromCreation = new double[1 << 12];
        int sampled = 0;
        boolean committed = !guarantee.equals(StreamsConfig.AT_LEAST_ONCE);
        String context;
        try (StreamService service = StreamService.start(learn, servers, work.resolve(tag), listener(learn), Map.of());
             KafkaConsumer<byte[], byte[]> consumer = consumer(servers, committed)) {
            if (!service.awaitRunning(Duration.ofSeconds(60))) {
                throw new IllegalStateException("service did not start: " + service.failure());
            }
            TopicPartition predictions = new TopicPartition(learn.kafka().predictionsTopic(), 0);
            consumer.assign(List.of(predictions));
            consumer.seekToBeginning(consumer.assignment());
            AtomicBoolean producing = new AtomicBoolean(true);
            // Events sent during the warm-up are not counted (the JIT compiles the paths of paced, small batches
            // then); events sent in the window are, however late they arrive within the drain that follows.
            long warmupEnd = System.currentTimeMillis() + latencyWarmupSeconds * 1000L;
            long windowEnd = warmupEnd + latencySeconds * 1000L;
            long drainEnd = windowEnd + 5000;
            Thread producer = new Thread(() -> paced(servers, input, codecs, rows, eventsPerSecond, producerLingerMillis,
                    producing));
            producer.start();
            GcPauses gcBefore = null;
            ThreadCpu cpuBefore = null;
            ThreadCpu cpuAfter = null;
            String gc = "";
            long now = System.currentTimeMillis();
            while (now < drainEnd) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                    // A prediction carries its event's record timestamp: the broker's append time of the event.
                    long sent = record.timestamp();
                    if (sent >= warmupEnd && sent < windowEnd) {
                        if (recorded == latencies.length) {
                            latencies = Arrays.copyOf(latencies, recorded * 2);
                        }
                        long arrived = System.currentTimeMillis();
                        latencies[recorded++] = arrived - sent;
                        // Every 16th prediction is decoded for its event time (set when the producer built the event):
                        // decoding them all would take CPU from the service on the same cores.
                        if ((recorded & 15) == 0) {
                            if (sampled == fromCreation.length) {
                                fromCreation = Arrays.copyOf(fromCreation, sampled * 2);
                            }
                            fromCreation[sampled++] = arrived - codecs.predictions().decode(record.value())
                                    .getEventTime().toEpochMilli();
                        }
                    }
                }
                now = System.currentTimeMillis();
                if (cpuBefore == null && now >= warmupEnd) {
                    cpuBefore = threadBreakdown ? ThreadCpu.now() : ThreadCpu.processOnly();
                    gcBefore = GcPauses.now();
                } else if (cpuAfter == null && now >= windowEnd) {
                    producing.set(false);
                    cpuAfter = threadBreakdown ? ThreadCpu.now() : ThreadCpu.processOnly();
                    gc = GcPauses.since(gcBefore);
                }
            }
            producer.join();
            double cores = cpuAfter.processSince(cpuBefore) / (latencySeconds * 1e9);
            if (threadBreakdown) {
                cpuAfter.printSince(cpuBefore, recorded, spec.commandLine().getOut());
            }
            context = String.format(Locale.ROOT, "process busy %.2f cores; ", cores) + commitLatency(service.streams())
                    + "; " + gc;
        }
        return new LatencyRun(Arrays.copyOf(latencies, recorded), Arrays.copyOf(fromCreation, sampled), context);
    }

    private static void paced(String servers, String input, Codecs codecs, List<LabeledEvent> rows, double eventsPerSecond,
                              int producerLingerMillis, AtomicBoolean producing) {
        try (EventProducer producer = new EventProducer(servers, input, codecs.events(), producerLingerMillis)) {
            long start = System.nanoTime();
            long sent = 0;
            while (producing.get()) {
                long due = start + (long) (sent / eventsPerSecond * 1e9);
                long wait = due - System.nanoTime();
                if (wait > 200_000) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                LabeledEvent row = rows.get((int) (sent % rows.size()));
                producer.send(copy(row, "lat" + sent, Instant.now()));
                sent++;
            }
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code row} with another id and event time, sharing its maps (Avro's copying builder costs the bench CPU). */
    private static LabeledEvent copy(LabeledEvent row, String id, Instant eventTime) {
        return new LabeledEvent(id, eventTime, row.getModel(), row.getNumeric(), row.getDense(), row.getCategorical(),
                row.getLabels());
    }

    static double percentile(double[] values, double p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

}
