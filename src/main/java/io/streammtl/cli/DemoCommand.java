package io.streammtl.cli;

import io.streammtl.avro.LabeledEvent;
import io.streammtl.avro.ModelSnapshot;
import io.streammtl.avro.Prediction;
import io.streammtl.config.ModelConfig;
import io.streammtl.config.ServiceConfig;
import io.streammtl.config.TaskConfig;
import io.streammtl.data.DataFiles;
import io.streammtl.learn.RowEncoder;
import io.streammtl.data.csv.CsvReader;
import io.streammtl.learn.BatchPredictions;
import io.streammtl.learn.Example;
import io.streammtl.learn.ExampleBatch;
import io.streammtl.learn.OnlineLearner;
import io.streammtl.learn.metrics.BinaryMetrics;
import io.streammtl.learn.metrics.MulticlassMetrics;
import io.streammtl.learn.metrics.RegressionMetrics;
import io.streammtl.report.EvaluationPlot;
import io.streammtl.report.MetricCurve;
import io.streammtl.report.ScatterSeries;
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
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code streammtl demo}: the README's main job. An embedded Kafka broker, the service, and a replay of the
 * red wine training split as events; live progress while it learns, then what the seed's wine script shows:
 * per-task metrics, sample predictions against truth, and a PNG report.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Embedded Kafka + the service + a replay of the UCI red wine data, with a report at the end.")
public final class DemoCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", defaultValue = "classpath:config/wine.yaml", description = "Model spec (default ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--train", defaultValue = "classpath:data/wine/red-train.csv", description = "Rows replayed as events.")
    String train;

    @Option(names = "--test", defaultValue = "classpath:data/wine/red-test.csv", description = "Held-out rows scored at the end.")
    String test;

    @Option(names = "--passes", defaultValue = "5", description = "Replays of the training rows (default ${DEFAULT-VALUE}).")
    int passes;

    @Option(names = "--data-dir", description = "Broker data and state; default: a fresh temporary directory.")
    Path dataDirectory;

    @Option(names = "--plot", defaultValue = "streammtl-demo.png", description = "PNG report (default ${DEFAULT-VALUE}).")
    Path plot;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ServiceConfig base = SpecFiles.load(config);
        Path dir = dataDirectory != null ? dataDirectory : Files.createTempDirectory("streammtl-demo");
        try {
            return run(out, base, dir);
        } finally {
            if (dataDirectory == null) {
                WorkDirectory.delete(dir);
            }
        }
    }

    private int run(PrintWriter out, ServiceConfig base, Path dir) throws Exception {
        String run = "demo-" + Long.toString(System.currentTimeMillis(), 36);
        ServiceConfig model = base.withKafka(base.kafka().forRun("streammtl-" + run, run + "-events", run, Map.of())
                .withSnapshots(0, 1));
        Codecs codecs = Codecs.create();
        List<LabeledEvent> rows = ProduceCommand.read(model, train, io.streammtl.config.ModelKeys.DEFAULT_KEY);
        Map<String, LabeledEvent> sent = new HashMap<>();
        long started = System.nanoTime();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("broker"))) {
            out.printf("embedded Kafka broker on %s (data in %s)%n", broker.bootstrapServers(), dir);
            TrainingProgress progress = new TrainingProgress();
            try (StreamService service = StreamService.start(model, broker.bootstrapServers(), dir.resolve("state"),
                    progress, System.getenv())) {
                if (!service.awaitRunning(Duration.ofMinutes(2))) {
                    spec.commandLine().getErr().println("error: the service did not start: " + service.failure());
                    return 1;
                }
                out.printf("service running: %s -> %s; replaying %d rows x %d passes%n",
                        model.kafka().inputTopics(), model.kafka().predictionsTopic(), rows.size(), passes);
                out.flush();
                try (EventProducer producer = new EventProducer(broker.bootstrapServers(),
                        model.kafka().inputTopics().get(0), codecs.events())) {
                    for (int pass = 0; pass < passes; pass++) {
                        for (LabeledEvent row : rows) {
                            LabeledEvent event = LabeledEvent.newBuilder(row).setId("p" + pass + ":" + row.getId())
                                    .setEventTime(Instant.now()).build();
                            sent.put(event.getId(), event);
                            producer.send(event);
                        }
                    }
                    producer.flush();
                }
                List<Prediction> predictions = collect(broker.bootstrapServers(), model, codecs, sent.size(), progress);
                out.printf(Locale.ROOT, "%d events predicted and learned from in %.1f s; %d dead letters%n",
                        predictions.size(), (System.nanoTime() - started) / 1e9, service.deadLetters().total());
                report(out, model, predictions, sent, awaitFinalSnapshot(broker.bootstrapServers(), model, codecs,
                        progress));
            }
        }
        return 0;
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

    private void report(PrintWriter out, ServiceConfig served, List<Prediction> predictions, Map<String, LabeledEvent> sent,
                        OnlineLearner finalModel) throws IOException {
        ModelConfig model = served.model();
        List<TaskConfig> tasks = model.tasks();
        predictions.sort(Comparator.comparing((Prediction p) -> p.getEventTime()));
        out.println();
        out.println("Prequential metrics (every event predicted before it was learned from):");
        for (TaskConfig task : tasks) {
            out.printf(Locale.ROOT, "  %-10s all passes %s | last pass %s%n", task.name(),
                    format(streamMetrics(task, predictions, sent, null)),
                    format(streamMetrics(task, predictions, sent, "p" + (passes - 1) + ":")));
        }
        List<Example> held = readTest(served);
        ExampleBatch batch = new ExampleBatch(held.size(), model.inputWidth(), tasks.size());
        held.forEach(e -> batch.add(e.inputs()));
        OnlineLearner scorer = new OnlineLearner(model, new io.streammtl.model.CpuBackend(model, held.size()));
        scorer.restore(finalModel.snapshot());
        BatchPredictions test = scorer.predict(batch);
        out.printf(Locale.ROOT, "%nTest set (%d held-out rows, final model version %d read back from the snapshots topic):%n",
                held.size(), finalModel.counters().applied());
        double[] truthQuality = new double[held.size()];
        double[] predictedQuality = new double[held.size()];
        for (int t = 0; t < tasks.size(); t++) {
            out.printf(Locale.ROOT, "  %-10s %s%n", tasks.get(t).name(), format(testMetrics(tasks.get(t), t, held, test)));
        }
        int regression = indexOfKind(tasks, io.streammtl.config.TaskKind.REGRESSION);
        int binary = indexOfKind(tasks, io.streammtl.config.TaskKind.BINARY);
        out.println("\nSample predictions (first 5 test rows):");
        for (int r = 0; r < Math.min(5, held.size()); r++) {
            StringBuilder line = new StringBuilder("  Sample " + (r + 1) + ":");
            if (regression >= 0) {
                line.append(String.format(Locale.ROOT, " True %s=%.2f, Predicted %s=%.2f", tasks.get(regression).name(),
                        held.get(r).labels()[regression], tasks.get(regression).name(), test.value(regression, r)));
            }
            if (binary >= 0) {
                line.append(String.format(Locale.ROOT, ", True %s=%.0f, Predicted %s=%d (p=%.2f)", tasks.get(binary).name(),
                        held.get(r).labels()[binary], tasks.get(binary).name(), test.value(binary, r) >= 0.5f ? 1 : 0,
                        test.value(binary, r)));
            }
            out.println(line);
        }
        List<ScatterSeries> scatters = new ArrayList<>();
        if (regression >= 0) {
            for (int r = 0; r < held.size(); r++) {
                truthQuality[r] = held.get(r).labels()[regression];
                predictedQuality[r] = test.value(regression, r);
            }
            scatters.add(new ScatterSeries(tasks.get(regression).name() + " (test set)", truthQuality, predictedQuality));
        }
        EvaluationPlot.write(plot, "streammtl demo: " + model.name() + " on Kafka", scatters,
                curves(tasks, predictions, sent, model.metrics().window()));
        out.println("\nwrote " + plot.toAbsolutePath());
    }

    private static int indexOfKind(List<TaskConfig> tasks, io.streammtl.config.TaskKind kind) {
        for (int t = 0; t < tasks.size(); t++) {
            if (tasks.get(t).kind() == kind) {
                return t;
            }
        }
        return -1;
    }

    private List<Example> readTest(ServiceConfig served) {
        try (CsvReader reader = DataFiles.open(test, served.csv())) {
            return RowEncoder.readAll(served.model(), reader);
        }
    }

    private static Map<String, Double> testMetrics(TaskConfig task, int t, List<Example> held, BatchPredictions p) {
        List<double[]> pairs = new ArrayList<>();
        for (int r = 0; r < held.size(); r++) {
            if (held.get(r).labeled()[t]) {
                double[] pair = new double[1 + task.outputs()];
                pair[0] = held.get(r).labels()[t];
                for (int c = 0; c < task.outputs(); c++) {
                    pair[1 + c] = task.outputs() == 1 ? p.value(t, r) : p.probability(t, r, c);
                }
                pairs.add(pair);
            }
        }
        return metrics(task, pairs);
    }

    /** Metrics of the stream's predictions against the labels that were sent, optionally for one pass only. */
    private static Map<String, Double> streamMetrics(TaskConfig task, List<Prediction> predictions,
                                                     Map<String, LabeledEvent> sent, String idPrefix) {
        List<double[]> pairs = new ArrayList<>();
        for (Prediction p : predictions) {
            if (idPrefix == null || p.getEventId().startsWith(idPrefix)) {
                double[] pair = pair(task, p, sent.get(p.getEventId()));
                if (pair != null) {
                    pairs.add(pair);
                }
            }
        }
        return metrics(task, pairs);
    }

    private static double[] pair(TaskConfig task, Prediction p, LabeledEvent event) {
        Object label = event.getLabels().get(task.name());
        if (label == null) {
            return null;
        }
        var tp = p.getTasks().get(task.name());
        return switch (task.kind()) {
            case REGRESSION -> new double[] {(Double) label, tp.getValue()};
            case BINARY -> new double[] {(Double) label, tp.getProbability()};
            case MULTICLASS -> {
                double[] pair = new double[1 + task.outputs()];
                pair[0] = task.classes().indexOf(label.toString());
                for (int c = 0; c < task.outputs(); c++) {
                    pair[1 + c] = tp.getClassProbabilities().get(task.classes().get(c));
                }
                yield pair;
            }
        };
    }

    private static Map<String, Double> metrics(TaskConfig task, List<double[]> pairs) {
        int n = pairs.size();
        double[] truth = pairs.stream().mapToDouble(p -> p[0]).toArray();
        return switch (task.kind()) {
            case REGRESSION -> RegressionMetrics.of(truth, pairs.stream().mapToDouble(p -> p[1]).toArray(), n);
            case BINARY -> BinaryMetrics.of(truth, pairs.stream().mapToDouble(p -> p[1]).toArray(), n);
            case MULTICLASS -> MulticlassMetrics.of(pairs.stream().mapToInt(p -> (int) p[0]).toArray(),
                    pairs.stream().map(p -> java.util.Arrays.copyOfRange(p, 1, p.length)).toArray(double[][]::new),
                    n, task.outputs());
        };
    }

    /** Each task's windowed metric over the stream, in event order. */
    private static List<MetricCurve> curves(List<TaskConfig> tasks, List<Prediction> predictions,
                                            Map<String, LabeledEvent> sent, int window) {
        List<MetricCurve> out = new ArrayList<>();
        for (TaskConfig task : tasks) {
            List<double[]> pairs = new ArrayList<>();
            for (Prediction p : predictions) {
                double[] pair = pair(task, p, sent.get(p.getEventId()));
                if (pair != null) {
                    pairs.add(pair);
                }
            }
            String key = task.kind() == io.streammtl.config.TaskKind.REGRESSION ? "mse" : "accuracy";
            int step = Math.max(1, pairs.size() / 200);
            List<Long> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (int end = Math.min(window, pairs.size()); end <= pairs.size(); end += step) {
                xs.add((long) end);
                ys.add(metrics(task, pairs.subList(Math.max(0, end - window), end)).get(key));
            }
            out.add(new MetricCurve(task.name(), key, xs.stream().mapToLong(Long::longValue).toArray(),
                    ys.stream().mapToDouble(Double::doubleValue).toArray()));
        }
        return out;
    }

    private static String format(Map<String, Double> metrics) {
        StringBuilder out = new StringBuilder();
        metrics.forEach((k, v) -> out.append(String.format(Locale.ROOT, "%s %.4f  ", k, v)));
        return out.toString().trim();
    }

}
