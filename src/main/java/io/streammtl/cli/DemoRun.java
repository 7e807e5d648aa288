package io.streammtl.cli;

import io.streammtl.avro.LabelEvent;
import io.streammtl.avro.LabeledEvent;
import io.streammtl.avro.ModelSnapshot;
import io.streammtl.avro.Prediction;
import io.streammtl.config.ModelKeys;
import io.streammtl.config.ServiceConfig;
import io.streammtl.learn.OnlineLearner;
import io.streammtl.model.train.Backends;
import io.streammtl.stream.Codecs;
import io.streammtl.stream.EventProducer;
import io.streammtl.stream.StreamService;
import io.streammtl.stream.TrainingProgress;
import io.streammtl.stream.broker.EmbeddedKafkaBroker;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The demo's run: an embedded Kafka broker, the service, and a replay of the training rows as events, with live
 * progress; it returns the predictions and the final model read back from the snapshots topic.
 */
final class DemoRun {
    /** What the replay produced: every prediction, the events sent by id, and the service's final model. */
    record Replay(ServiceConfig model, List<Prediction> predictions, Map<String, LabeledEvent> sent,
                  OnlineLearner finalModel) {
    }

    private final PrintWriter out;
    private final PrintWriter err;
    private final String train;
    private final int passes;
    private final int labelDelay;
    /** Events a second of a replay with delayed labels. */
    static final int DELAYED_RATE = 500;
    private long replayStart;

    /**
     * A replay of the rows of {@code train}, {@code passes} times, reporting to {@code out} and {@code err}; with
     * {@code labelDelay} > 0, each event's labels go to the labels topic that many events after it.
     */
    DemoRun(PrintWriter out, PrintWriter err, String train, int passes, int labelDelay) {
        this.out = out;
        this.err = err;
        this.train = train;
        this.passes = passes;
        this.labelDelay = labelDelay;
    }

    /**
     * Replays the training rows through the service on an embedded broker under {@code dir}; null (after saying why)
     * when the service does not start.
     */
    Replay run(ServiceConfig base, Path dir) throws Exception {
        String run = "demo-" + Long.toString(System.currentTimeMillis(), 36);
        ServiceConfig model = base.withKafka(base.kafka().forRun("streammtl-" + run, run + "-events", run, Map.of())
                .withSnapshots(0, 1));
        if (labelDelay > 0) {
            model = DelayedDemoSpec.delayAll(model, run + "-labels");
        }
        Codecs codecs = Codecs.create();
        List<LabeledEvent> rows = ProduceCommand.read(model, train, ModelKeys.DEFAULT_KEY);
        Map<String, LabeledEvent> sent = new HashMap<>();
        long started = System.nanoTime();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("broker"))) {
            out.printf("embedded Kafka broker on %s (data in %s)%n", broker.bootstrapServers(), dir);
            out.println("compute: " + Backends.description());
            TrainingProgress progress = new TrainingProgress();
            try (StreamService service = StreamService.start(model, broker.bootstrapServers(), dir.resolve("state"),
                    progress, System.getenv())) {
                if (!service.awaitRunning(Duration.ofMinutes(2))) {
                    err.println("error: the service did not start: " + service.failure());
                    return null;
                }
                out.printf("service running: %s -> %s; replaying %d rows x %d passes%s%n",
                        model.kafka().inputTopics(), model.kafka().predictionsTopic(), rows.size(), passes,
                        labelDelay > 0 ? "; labels " + labelDelay + " events later on " + model.labels().topics() : "");
                out.flush();
                long labels = replay(broker.bootstrapServers(), model, codecs, rows, sent);
                List<Prediction> predictions = collect(broker.bootstrapServers(), model, codecs, sent.size(), progress);
                awaitJoined(progress, labels, model.model().training().batchSize());
                out.printf(Locale.ROOT, "%d events predicted and learned from in %.1f s; %d dead letters%n",
                        predictions.size(), (System.nanoTime() - started) / 1e9, service.deadLetters().total());
                return new Replay(model, predictions, sent, awaitFinalSnapshot(broker.bootstrapServers(), model,
                        codecs, progress));
            }
        }
    }

    /** Sends the events (and, with a label delay, their labels later); returns the number of labels sent. */
    private long replay(String servers, ServiceConfig model, Codecs codecs, List<LabeledEvent> rows,
                        Map<String, LabeledEvent> sent) {
        ArrayDeque<LabeledEvent> waiting = new ArrayDeque<>();
        replayStart = System.nanoTime();
        long labels = 0;
        try (EventProducer producer = new EventProducer(servers, model.kafka().inputTopics().get(0), codecs.events());
             EventProducer labelProducer = labelDelay > 0
                     ? new EventProducer(servers, model.labels().topics().get(0), codecs.events()) : null) {
            for (int pass = 0; pass < passes; pass++) {
                for (LabeledEvent row : rows) {
                    LabeledEvent event = LabeledEvent.newBuilder(row).setId("p" + pass + ":" + row.getId())
                            .setEventTime(Instant.now()).build();
                    sent.put(event.getId(), event);
                    if (labelProducer == null) {
                        producer.send(event);
                        continue;
                    }
                    producer.send(LabeledEvent.newBuilder(event).setLabels(Map.of()).build());
                    waiting.add(event);
                    pace(sent.size());
                    if (waiting.size() > labelDelay) {
                        labels += sendLabels(labelProducer, codecs, waiting.poll());
                    }
                }
            }
            while (!waiting.isEmpty()) {
                labels += sendLabels(labelProducer, codecs, waiting.poll());
            }
            producer.flush();
        }
        return labels;
    }

    /**
     * Holds delayed-label replays to {@link #DELAYED_RATE} events a second, so the model learns while events arrive
     * (sent at once, every event would be served by the untrained model).
     */
    private void pace(int sent) {
        long due = replayStart + sent * 1_000_000_000L / DELAYED_RATE;
        long wait = due - System.nanoTime();
        if (wait > 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(wait);
        }
    }

    private static int sendLabels(EventProducer producer, Codecs codecs, LabeledEvent event) {
        if (event.getLabels().isEmpty()) {
            return 0;
        }
        producer.sendRaw(event.getId(), codecs.labels().encode(LabelEvent.newBuilder().setId(event.getId())
                .setModel(event.getModel()).setLabels(event.getLabels()).setLabelTime(Instant.now()).build()));
        return 1;
    }

    /**
     * Waits until the labels sent later have been joined and learned (a minute at most), all but those of the last
     * batch, which stays open until more labels come.
     */
    private void awaitJoined(TrainingProgress progress, long labels, int batchSize) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (progress.joinedLearned() <= labels - batchSize && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        if (labels > 0) {
            out.printf("%d of %d labels sent later joined and learned%n", progress.joinedLearned(), labels);
        }
    }

    /** Reads predictions as a read_committed consumer until every event has one, showing live progress. */
    private List<Prediction> collect(String servers, ServiceConfig model, Codecs codecs, int expected,
                                     TrainingProgress progress) {
        List<Prediction> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(servers);
             ProgressBar bar = new ProgressBarBuilder().setTaskName("learning").setInitialMax(expected)
                     .setStyle(ProgressBarStyle.ASCII).setUnit(" events", 1).showSpeed().build()) {
            consumer.assign(List.of(new TopicPartition(model.kafka().predictionsTopic(), 0)));
            consumer.seekToBeginning(consumer.assignment());
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    out.add(codecs.predictions().decode(record.value()));
                }
                bar.stepTo(out.size());
                bar.setExtraMessage(StatusLine.models(progress.models()));
            }
        }
        if (out.size() < expected) {
            throw new IllegalStateException("only " + out.size() + " of " + expected + " predictions arrived");
        }
        return out;
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String servers) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** The model as the service published it after its last step, read back from the snapshots topic. */
    private OnlineLearner awaitFinalSnapshot(String servers, ServiceConfig model, Codecs codecs, TrainingProgress progress) {
        long version = progress.models().values().stream().mapToLong(TrainingProgress.Snapshot::version).max().orElse(0);
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(servers)) {
            consumer.assign(List.of(new TopicPartition(model.kafka().snapshotsTopic(), 0)));
            consumer.seekToBeginning(consumer.assignment());
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    ModelSnapshot snapshot = codecs.snapshots().decode(record.value());
                    if (snapshot.getVersion() == version && snapshot.getChunks() == 1) {
                        byte[] state = new byte[snapshot.getState().remaining()];
                        snapshot.getState().get(state);
                        OnlineLearner learner = new OnlineLearner(model.model());
                        learner.restore(state);
                        return learner;
                    }
                }
            }
        }
        throw new IllegalStateException("no snapshot of version " + version + " arrived");
    }
}
