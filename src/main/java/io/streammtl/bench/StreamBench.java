package io.streammtl.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streammtl.avro.LabeledEvent;
import io.streammtl.config.ModelConfig;
import io.streammtl.config.ServiceConfig;
import io.streammtl.metrics.ServiceMetrics;
import io.streammtl.stream.Codecs;
import io.streammtl.stream.DeadLetterCounts;
import io.streammtl.stream.EventProducer;
import io.streammtl.stream.PassthroughTopology;
import io.streammtl.stream.StepListener;
import io.streammtl.stream.StreamService;
import io.streammtl.stream.StreamsSettings;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import static io.streammtl.bench.Samples.percentile;

/**
 * The {@code bench stream} harness: pre-loads N events, warms both topologies up, then runs a passthrough topology
 * and the learning topology over the same records on the same broker (exactly-once, one stream thread) a few times
 * in turn, and reports the median rates and their ratio; then event→prediction latency at a given rate under
 * at-least-once and exactly-once. Figures only, never pass or fail.
 */
public final class StreamBench {
    /** What to measure; the constructor refuses counts that cannot be run. */
    public record Settings(int events, double rate, int latencySeconds, int warmupEvents, int repeats,
                           boolean threadBreakdown, int latencyWarmupSeconds, int producerLingerMillis,
                           boolean withoutMetrics) {
        public Settings {
            if (repeats < 1 || events < 1 || warmupEvents < 0 || latencyWarmupSeconds < 0 || producerLingerMillis < 0) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "--repeats and --events must be at least "
                        + "1, --warmup-events, --latency-warmup-seconds and --producer-linger-ms at least 0 (got %d, %d, "
                        + "%d, %d, %d)", repeats, events, warmupEvents, latencyWarmupSeconds, producerLingerMillis));
            }
        }
    }

    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(10);

    private final Settings settings;
    private final PrintWriter out;

    /** A bench that prints its figures to {@code out}. */
    public StreamBench(Settings settings, PrintWriter out) {
        this.settings = settings;
        this.out = out;
    }

    /**
     * Runs the whole protocol on the broker at {@code servers} (described as {@code brokerNote}), with state under
     * {@code work}, cycling {@code rows} into events of {@code model}; returns the figures as JSON.
     */
    public ObjectNode run(String servers, String brokerNote, Path work, ServiceConfig model, List<LabeledEvent> rows)
            throws Exception {
        String run = Long.toString(System.currentTimeMillis(), 36);
        out.printf(Locale.ROOT, "machine: %d cores visible, Java %s; broker %s%s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), servers, brokerNote);
        out.println(settings.withoutMetrics() ? "metrics: off (--without-metrics)" : "metrics: collected (no HTTP endpoint)");
        Codecs codecs = Codecs.create();
        String input = "bench-" + run + "-in";
        BenchKafka.createTopic(servers, input, Map.of());
        long loadStart = System.nanoTime();
        try (EventProducer producer = new EventProducer(servers, input, codecs.events())) {
            for (int i = 0; i < settings.events(); i++) {
                LabeledEvent row = rows.get(i % rows.size());
                producer.send(BenchKafka.copy(row, i + ":" + row.getId(), Instant.now()));
            }
            producer.flush();
        }
        out.printf(Locale.ROOT, "pre-loaded %,d events in %.1f s%n", settings.events(),
                (System.nanoTime() - loadStart) / 1e9);
        if (settings.warmupEvents() > 0) {
            long warmStart = System.nanoTime();
            int warm = Math.min(settings.warmupEvents(), settings.events());
            passthrough(servers, input, run + "-warm", work, model, warm, false);
            learning(servers, input, run + "-warm", work, model, warm, false);
            out.printf(Locale.ROOT, "warm-up: both topologies over %,d records, unmeasured (%.1f s)%n", warm,
                    (System.nanoTime() - warmStart) / 1e9);
        }
        List<Run> passthroughs = new java.util.ArrayList<>();
        List<Run> learnings = new java.util.ArrayList<>();
        for (int repeat = 1; repeat <= settings.repeats(); repeat++) {
            String tag = run + "-" + repeat;
            Run passthrough = passthrough(servers, input, tag, work, model, settings.events(),
                    settings.threadBreakdown());
            print(out, repeat, "passthrough", passthrough);
            Run learning = learning(servers, input, tag, work, model, settings.events(), settings.threadBreakdown());
            print(out, repeat, "learning   ", learning);
            passthroughs.add(passthrough);
            learnings.add(learning);
        }
        double passthroughRate = Samples.median(passthroughs, Run::eventsPerSecond);
        double learningRate = Samples.median(learnings, Run::eventsPerSecond);
        double ratio = learningRate / passthroughRate;
        out.printf(Locale.ROOT, "median of %d: passthrough %,.0f events/s, learning %,.0f events/s, "
                        + "ratio learning/passthrough %.2f (per repeat: %s)%n", settings.repeats(), passthroughRate,
                learningRate, ratio, pairRatios(passthroughs, learnings));
        ObjectNode root = new ObjectMapper().createObjectNode();
        root.put("events", settings.events());
        root.put("warmup_events", Math.min(settings.warmupEvents(), settings.events()));
        root.put("repeats", settings.repeats());
        root.put("passthrough_eps", passthroughRate);
        root.put("learning_eps", learningRate);
        root.put("ratio", ratio);
        root.put("passthrough_cpu_us_per_event", Samples.median(passthroughs, Run::cpuMicrosPerEvent));
        root.put("learning_cpu_us_per_event", Samples.median(learnings, Run::cpuMicrosPerEvent));
        root.put("passthrough_process_cpu_us_per_event", Samples.median(passthroughs, Run::processCpuMicrosPerEvent));
        root.put("learning_process_cpu_us_per_event", Samples.median(learnings, Run::processCpuMicrosPerEvent));
        if (settings.latencySeconds() > 0) {
            double latencyRate = settings.rate() > 0 ? settings.rate() : learningRate / 2;
            PacedLatency probe = new PacedLatency(new PacedLatency.Setup(servers, work, model, rows, this::listener,
                    settings.latencyWarmupSeconds(), settings.latencySeconds(), settings.producerLingerMillis(),
                    settings.threadBreakdown() ? out : null));
            for (String guarantee : List.of(StreamsConfig.AT_LEAST_ONCE, StreamsConfig.EXACTLY_ONCE_V2)) {
                PacedLatency.Result measured = probe.run("bench-" + run + "-lat-" + guarantee.replace('_', '-'),
                        latencyRate, guarantee);
                double[] ms = measured.fromAppendMs();
                double[] created = measured.fromCreationMs();
                out.printf(Locale.ROOT, "latency at %,.0f events/s, %s: p50 %.1f ms, p99 %.1f ms from the event's "
                                + "append to the input topic; p50 %.1f ms, p99 %.1f ms from its creation by a producer "
                                + "with linger.ms %d (%d predictions; %s)%n", latencyRate, guarantee,
                        percentile(ms, 50), percentile(ms, 99), percentile(created, 50), percentile(created, 99),
                        settings.producerLingerMillis(), ms.length, measured.context());
                ObjectNode node = root.putObject("latency_" + guarantee);
                node.put("rate", latencyRate);
                node.put("p50_ms", percentile(ms, 50));
                node.put("p99_ms", percentile(ms, 99));
                node.put("p50_from_creation_ms", percentile(created, 50));
                node.put("p99_from_creation_ms", percentile(created, 99));
                node.put("producer_linger_ms", settings.producerLingerMillis());
                if (Double.isFinite(measured.commitPeriodMs())) {
                    node.put("commit_period_ms", measured.commitPeriodMs());
                }
            }
        }
        return root;
    }

    private static void print(PrintWriter out, int repeat, String topology, Run run) {
        out.printf(Locale.ROOT, "%d. %s (exactly_once_v2, 1 thread): %,.0f events/s, CPU µs/event: stream thread %.2f, "
                        + "process %.2f (%s)%n", repeat, topology, run.eventsPerSecond(), run.cpuMicrosPerEvent(),
                run.processCpuMicrosPerEvent(), run.threadTime());
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

    private Run passthrough(String servers, String input, String run, Path work, ServiceConfig model, int expected,
                            boolean breakdown) throws Exception {
        String application = "bench-" + run + "-pass";
        String output = application + "-out";
        BenchKafka.createTopic(servers, output, Map.of());
        Properties props = StreamsSettings.of(model.kafka().forRun(application, input, output, Map.of()),
                servers, work.resolve(application), new DeadLetterCounts(), Map.of());
        try (KafkaStreams streams = new KafkaStreams(PassthroughTopology.build(input, output), props)) {
            ThreadCpu before = ThreadCpu.now();
            streams.start();
            double rate = CommittedCount.await(servers, output, expected, RUN_TIMEOUT).ratePerSecond();
            return measured(rate, application, expected, before, breakdown, BenchKafka.threadTime(streams));
        }
    }

    private Run learning(String servers, String input, String run, Path work, ServiceConfig model, int expected,
                         boolean breakdown) throws Exception {
        String application = "bench-" + run + "-learn";
        ServiceConfig learn = model.withKafka(model.kafka().forRun(application, input, application, Map.of()));
        ThreadCpu before = ThreadCpu.now();
        try (StreamService service = StreamService.start(learn, servers, work.resolve(application), listener(learn.model()), Map.of())) {
            double rate = CommittedCount.await(servers, learn.kafka().predictionsTopic(), expected,
                    RUN_TIMEOUT).ratePerSecond();
            return measured(rate, application, expected, before, breakdown, BenchKafka.threadTime(service.streams()));
        }
    }

    private Run measured(double rate, String application, int expected, ThreadCpu before, boolean breakdown,
                         String threadTime) {
        ThreadCpu after = ThreadCpu.now();
        if (breakdown) {
            after.printSince(before, expected, out);
        }
        return new Run(rate, after.streamThreadsSince(before, application) / 1e3 / expected,
                after.processSince(before) / 1e3 / expected, threadTime);
    }

    /** The service's metrics listener (collection only, no HTTP endpoint), unless left out. */
    private StepListener listener(ModelConfig learn) {
        return settings.withoutMetrics() ? StepListener.NONE : new ServiceMetrics(learn);
    }
}
