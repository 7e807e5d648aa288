package io.streammtl.bench;

import io.streammtl.avro.LabelEvent;
import io.streammtl.avro.LabeledEvent;
import io.streammtl.config.ServiceConfig;
import io.streammtl.stream.Codecs;
import io.streammtl.stream.EventProducer;
import io.streammtl.stream.JoinListener;
import io.streammtl.stream.StreamService;
import io.streammtl.stream.TrainingProgress;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.StreamsConfig;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code bench labels} harness: the same events learned with their labels inside (today's path) and with every
 * label coming later on a labels topic ({@code delay} events after its event), on the same broker, in turn; per run
 * the rate from start to everything learned and the process CPU per event; the label join's store at its largest
 * (an entry keeps the served event until its labels come, then only its task states, for {@code late_window}) and
 * its changelog bytes per event; then prediction latency of events that await labels against events without.
 * Figures only, never pass or fail.
 */
public final class LabelJoinBench {
    /** What to measure. */
    public record Settings(int events, int delay, int repeats, double latencyRate, int latencySeconds) {
    }

    private final Settings settings;
    private final PrintWriter out;

    public LabelJoinBench(Settings settings, PrintWriter out) {
        this.settings = settings;
        this.out = out;
    }

    /** One run: events per second until all learned, process CPU µs per event, and the join's figures. */
    private record Run(double eventsPerSecond, double cpuMicrosPerEvent, long peakEntries, long peakBytes,
                       double changelogBytesPerEvent) {
    }

    /**
     * Runs the protocol on {@code servers} with {@code inEvent} (labels inside events) and {@code delayed} (the same
     * model, every task with a label_ttl), cycling {@code rows}.
     */
    public void run(String servers, Path work, ServiceConfig inEvent, ServiceConfig delayed, List<LabeledEvent> rows)
            throws Exception {
        String run = Long.toString(System.currentTimeMillis(), 36);
        out.printf(Locale.ROOT, "machine: %d cores visible, Java %s; broker %s; %,d events, labels %d events later%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), servers,
                settings.events(), settings.delay());
        Codecs codecs = Codecs.create();
        String labeled = "bench-" + run + "-labeled";
        String bare = "bench-" + run + "-bare";
        String labels = "bench-" + run + "-labels";
        for (String topic : List.of(labeled, bare, labels)) {
            BenchKafka.createTopic(servers, topic, Map.of());
        }
        preload(servers, codecs, rows, labeled, bare, labels);
        List<Run> inEventRuns = new ArrayList<>();
        List<Run> delayedRuns = new ArrayList<>();
        for (int repeat = 1; repeat <= settings.repeats(); repeat++) {
            Run a = learn(servers, work, inEvent, labeled, run + "-" + repeat + "-in-event");
            Run b = learn(servers, work, delayed.withLabels(delayed.labels().forRun(labels,
                    "bench-" + run + "-" + repeat + "-delayed")), bare, run + "-" + repeat + "-delayed");
            out.printf(Locale.ROOT, "%d. labels in events: %,.0f events/s, %.1f CPU µs/event | labels later: %,.0f "
                            + "events/s, %.1f CPU µs/event; join store at its largest %,d entries, %,d bytes (%.0f B/entry); "
                            + "join changelogs + joined topic %.0f B/event%n", repeat, a.eventsPerSecond(),
                    a.cpuMicrosPerEvent(), b.eventsPerSecond(), b.cpuMicrosPerEvent(), b.peakEntries(), b.peakBytes(),
                    b.peakEntries() == 0 ? 0.0 : (double) b.peakBytes() / b.peakEntries(), b.changelogBytesPerEvent());
            inEventRuns.add(a);
            delayedRuns.add(b);
        }
        double inEventRate = Samples.median(inEventRuns, Run::eventsPerSecond);
        double inEventCpu = Samples.median(inEventRuns, Run::cpuMicrosPerEvent);
        double delayedRate = Samples.median(delayedRuns, Run::eventsPerSecond);
        double delayedCpu = Samples.median(delayedRuns, Run::cpuMicrosPerEvent);
        out.printf(Locale.ROOT, "median of %d: labels in events %,.0f events/s (%.1f CPU µs/event); labels later "
                        + "%,.0f events/s (%.1f CPU µs/event); ratio later/in-event %.2f events/s, %.2f CPU%n",
                settings.repeats(), inEventRate, inEventCpu, delayedRate, delayedCpu, delayedRate / inEventRate,
                delayedCpu / inEventCpu);
        if (settings.latencySeconds() > 0) {
            List<LabeledEvent> unlabeled = rows.stream()
                    .map(r -> LabeledEvent.newBuilder(r).setLabels(Map.of()).build()).toList();
            for (ServiceConfig spec : List.of(inEvent, delayed)) {
                PacedLatency probe = new PacedLatency(new PacedLatency.Setup(servers, work, spec, unlabeled,
                        m -> new TrainingProgress(), 5, settings.latencySeconds(), 5, null));
                PacedLatency.Result r = probe.run("bench-" + run + "-lat-" + (spec.delayedLabels() ? "later" : "none"),
                        settings.latencyRate(), StreamsConfig.EXACTLY_ONCE_V2);
                out.printf(Locale.ROOT, "latency at %,.0f events/s, exactly_once_v2, events without labels%s: p50 %.1f"
                                + " ms, p99 %.1f ms from append to committed prediction (%d predictions)%n",
                        settings.latencyRate(), spec.delayedLabels() ? " whose labels come later (served to the join)"
                                : " (none expected)", Samples.percentile(r.fromAppendMs(), 50),
                        Samples.percentile(r.fromAppendMs(), 99), r.fromAppendMs().length);
            }
        }
    }

    /** Events with labels to {@code labeled}; the same events bare to {@code bare}, their labels later to {@code labels}. */
    private void preload(String servers, Codecs codecs, List<LabeledEvent> rows, String labeled, String bare,
                         String labels) {
        long started = System.nanoTime();
        try (EventProducer withLabels = new EventProducer(servers, labeled, codecs.events());
             EventProducer without = new EventProducer(servers, bare, codecs.events());
             EventProducer later = new EventProducer(servers, labels, codecs.events())) {
            ArrayDeque<LabeledEvent> waiting = new ArrayDeque<>();
            for (int i = 0; i < settings.events(); i++) {
                LabeledEvent row = rows.get(i % rows.size());
                LabeledEvent event = BenchKafka.copy(row, i + ":" + row.getId(), Instant.now());
                withLabels.send(event);
                without.send(LabeledEvent.newBuilder(event).setLabels(Map.of()).build());
                waiting.add(event);
                if (waiting.size() > settings.delay()) {
                    sendLabels(later, codecs, waiting.poll());
                }
            }
            while (!waiting.isEmpty()) {
                sendLabels(later, codecs, waiting.poll());
            }
            withLabels.flush();
            without.flush();
            later.flush();
        }
        out.printf(Locale.ROOT, "pre-loaded %,d events twice and %,d label records in %.1f s%n", settings.events(),
                settings.events(), (System.nanoTime() - started) / 1e9);
    }

    private static void sendLabels(EventProducer producer, Codecs codecs, LabeledEvent event) {
        producer.sendRaw(event.getId(), codecs.labels().encode(LabelEvent.newBuilder().setId(event.getId())
                .setModel(event.getModel()).setLabels(event.getLabels()).setLabelTime(Instant.now()).build()));
    }

    private Run learn(String servers, Path work, ServiceConfig spec, String input, String tag) throws Exception {
        String application = "bench-" + tag;
        ServiceConfig learn = spec.withKafka(spec.kafka().forRun(application, input, application, Map.of()));
        TrainingProgress progress = new TrainingProgress();
        AtomicLong peakEntries = new AtomicLong();
        AtomicLong peakBytes = new AtomicLong();
        JoinListener join = new JoinListener() {
            @Override
            public void onPending(String taskId, long entries, long bytes) {
                if (bytes > peakBytes.get()) {
                    peakEntries.set(entries);
                    peakBytes.set(bytes);
                }
            }
        };
        int batch = learn.model().training().batchSize();
        long target = settings.events() - 2L * batch;
        try (StreamService service = StreamService.start(learn, servers, work.resolve(application), progress, join,
                Map.of())) {
            if (!service.awaitRunning(Duration.ofSeconds(60))) {
                throw new IllegalStateException("service did not start: " + service.failure());
            }
            ThreadCpu before = ThreadCpu.processOnly();
            long started = System.nanoTime();
            long deadline = started + Duration.ofMinutes(10).toNanos();
            while (learned(progress, learn) < target && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            long elapsed = System.nanoTime() - started;
            double cpu = ThreadCpu.processOnly().processSince(before) / 1e3 / settings.events();
            if (learned(progress, learn) < target) {
                throw new IllegalStateException("only " + learned(progress, learn) + " of " + target + " learned");
            }
            double changelog = learn.delayedLabels() ? bytesIn(servers, List.of(
                    application + "-" + learn.kafka().stateStore() + "-label-join-changelog",
                    application + "-" + learn.kafka().stateStore() + "-label-expiry-changelog",
                    learn.labels().joinedTopic())) / settings.events() : 0;
            return new Run(settings.events() / (elapsed / 1e9), cpu, peakEntries.get(), peakBytes.get(), changelog);
        }
    }

    /** Examples learned so far: events in closed batches, or joined examples when the labels come later. */
    private static long learned(TrainingProgress progress, ServiceConfig spec) {
        return spec.delayedLabels() ? progress.joinedLearned() : progress.events();
    }

    /** Bytes of keys and values in the committed records of {@code topics} (partition 0 of each). */
    private static double bytesIn(String servers, List<String> topics) {
        long bytes = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = BenchKafka.consumer(servers, true)) {
            for (String topic : topics) {
                TopicPartition partition = new TopicPartition(topic, 0);
                consumer.assign(List.of(partition));
                consumer.seekToBeginning(List.of(partition));
                long end = consumer.endOffsets(List.of(partition)).get(partition);
                while (consumer.position(partition) < end) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        bytes += (r.key() == null ? 0 : r.key().length) + (r.value() == null ? 0 : r.value().length);
                    }
                }
            }
        }
        return bytes;
    }

}
