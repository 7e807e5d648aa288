package io.streammtl.bench;

import io.streammtl.avro.LabeledEvent;
import io.streammtl.config.ModelConfig;
import io.streammtl.config.ServiceConfig;
import io.streammtl.stream.Codecs;
import io.streammtl.stream.EventProducer;
import io.streammtl.stream.StepListener;
import io.streammtl.stream.StreamService;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * One latency run of {@code bench stream}: a fresh service under one processing guarantee, fed at a steady rate by a
 * producer of its own; after an unmeasured warm-up, every event sent in the window is timed from its append to the
 * input topic to its prediction's arrival at a consumer (read_committed under exactly-once), however late it comes
 * within the drain that follows.
 */
final class PacedLatency {
    /**
     * What one run measured: milliseconds from append, a sample from creation, the mean time from one commit's start to
     * the next in the window (NaN without commits), and what else went on meanwhile.
     */
    record Result(double[] fromAppendMs, double[] fromCreationMs, double commitPeriodMs, String context) {
    }

    /** The run's fixed parts: broker, spec, rows to cycle, timing and the producer's linger. */
    record Setup(String servers, Path work, ServiceConfig model, List<LabeledEvent> rows, Function<ModelConfig,
            StepListener> listener, int warmupSeconds, int windowSeconds, int producerLingerMillis,
                 PrintWriter breakdown) {
    }

    private static final long DRAIN_MILLIS = 5000;

    private final Setup setup;

    PacedLatency(Setup setup) {
        this.setup = setup;
    }

    Result run(String tag, double eventsPerSecond, String guarantee) throws Exception {
        String input = tag + "-in";
        // The broker stamps each event with its append time, which the prediction carries on as its record timestamp:
        // latency from there on is the service's own, whatever the producer's batching.
        BenchKafka.createTopic(setup.servers(), input,
                Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime"));
        ServiceConfig learn = setup.model().withKafka(setup.model().kafka().forRun(tag, input, tag,
                Map.of(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee)));
        if (learn.delayedLabels()) {
            learn = learn.withLabels(learn.labels().forRun(tag + "-labels", tag));
        }
        Codecs codecs = Codecs.create();
        Samples fromAppend = new Samples();
        Samples fromCreation = new Samples();
        boolean committed = !guarantee.equals(StreamsConfig.AT_LEAST_ONCE);
        try (StreamService service = StreamService.start(learn, setup.servers(), setup.work().resolve(tag),
                setup.listener().apply(learn.model()), Map.of());
             KafkaConsumer<byte[], byte[]> consumer = BenchKafka.consumer(setup.servers(), committed)) {
            if (!service.awaitRunning(Duration.ofSeconds(60))) {
                throw new IllegalStateException("service did not start: " + service.failure());
            }
            consumer.assign(List.of(new TopicPartition(learn.kafka().predictionsTopic(), 0)));
            consumer.seekToBeginning(consumer.assignment());
            // The JIT compiles the paths of paced, small batches during the warm-up.
            long warmupEnd = System.currentTimeMillis() + setup.warmupSeconds() * 1000L;
            long windowEnd = warmupEnd + setup.windowSeconds() * 1000L;
            AtomicBoolean producing = new AtomicBoolean(true);
            Thread producer = new Thread(() -> send(input, codecs, eventsPerSecond, producing));
            producer.start();
            ThreadCpu cpuBefore = null;
            ThreadCpu cpuAfter = null;
            GcPauses gcBefore = null;
            String gc = "";
            double commitsBefore = 0;
            double commitsInWindow = 0;
            long received = 0;
            for (long now = System.currentTimeMillis(); now < windowEnd + DRAIN_MILLIS; now = System.currentTimeMillis()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                    long appended = record.timestamp();
                    long arrived = System.currentTimeMillis();
                    boolean inWindow = appended >= warmupEnd && appended < windowEnd;
                    if (inWindow) {
                        fromAppend.add(arrived - appended);
                    }
                    // Every 16th prediction is decoded for its event time (set when the producer built the event):
                    // decoding them all would take CPU from the service on the same cores. The warm-up decodes too, so
                    // that the decoder's first use (class loading, compilation) does not delay arrivals in the window.
                    if ((++received & 15) == 0) {
                        long created = codecs.predictions().decode(record.value()).getEventTime().toEpochMilli();
                        if (inWindow) {
                            fromCreation.add(arrived - created);
                        }
                    }
                }
                if (cpuBefore == null && now >= warmupEnd) {
                    cpuBefore = cpuSnapshot();
                    gcBefore = GcPauses.now();
                    commitsBefore = BenchKafka.commits(service.streams());
                } else if (cpuBefore != null && cpuAfter == null && now >= windowEnd) {
                    producing.set(false);
                    cpuAfter = cpuSnapshot();
                    gc = GcPauses.since(gcBefore);
                    commitsInWindow = BenchKafka.commits(service.streams()) - commitsBefore;
                }
            }
            producer.join();
            double cores = cpuAfter.processSince(cpuBefore) / (setup.windowSeconds() * 1e9);
            if (setup.breakdown() != null) {
                cpuAfter.printSince(cpuBefore, fromAppend.size(), setup.breakdown());
            }
            double commitPeriod = commitsInWindow > 0 ? setup.windowSeconds() * 1000.0 / commitsInWindow : Double.NaN;
            String context = String.format(Locale.ROOT, "process busy %.2f cores; %s%s; %s", cores,
                    commitsInWindow > 0 ? String.format(Locale.ROOT, "a commit every %.0f ms, ", commitPeriod) : "",
                    BenchKafka.commitLatency(service.streams()), gc);
            return new Result(fromAppend.toArray(), fromCreation.toArray(), commitPeriod, context);
        }
    }

    /** Reading every thread's CPU stops the JVM for a moment, which would show in the tail: only when asked. */
    private ThreadCpu cpuSnapshot() {
        return setup.breakdown() != null ? ThreadCpu.now() : ThreadCpu.processOnly();
    }

    private void send(String input, Codecs codecs, double eventsPerSecond, AtomicBoolean producing) {
        List<LabeledEvent> rows = setup.rows();
        try (EventProducer producer = new EventProducer(setup.servers(), input, codecs.events(),
                setup.producerLingerMillis())) {
            long start = System.nanoTime();
            long sent = 0;
            while (producing.get()) {
                long wait = start + (long) (sent / eventsPerSecond * 1e9) - System.nanoTime();
                if (wait > 200_000) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                producer.send(BenchKafka.copy(rows.get((int) (sent % rows.size())), "lat" + sent, Instant.now()));
                sent++;
            }
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
