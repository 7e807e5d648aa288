package io.streammtl.cli;

import io.streammtl.avro.LabeledEvent;
import io.streammtl.avro.Prediction;
import io.streammtl.config.ModelConfig;
import io.streammtl.config.ServiceConfig;
import io.streammtl.config.TaskConfig;
import io.streammtl.data.DataFiles;
import io.streammtl.data.csv.CsvReader;
import io.streammtl.learn.BatchPredictions;
import io.streammtl.learn.Example;
import io.streammtl.learn.ExampleBatch;
import io.streammtl.learn.OnlineLearner;
import io.streammtl.learn.RowEncoder;
import io.streammtl.learn.TaskType;
import io.streammtl.model.train.Backends;
import io.streammtl.report.EvaluationPlot;
import io.streammtl.report.MetricCurve;
import io.streammtl.report.ScatterSeries;
import io.streammtl.stream.TaskWire;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The demo's report, what the seed's wine script shows: prequential metrics of the stream's predictions, the final
 * model's metrics and first predictions on the held-out rows, and a PNG with the test scatter and metric curves.
 */
final class DemoReport {
    private final String test;
    private final int passes;
    private final Path plot;

    /** A report scoring the held-out rows of {@code test}, the last of {@code passes} apart, drawn to {@code plot}. */
    DemoReport(String test, int passes, Path plot) {
        this.test = test;
        this.passes = passes;
        this.plot = plot;
    }

    /** Prints the metrics and sample predictions of {@code replay} to {@code out} and writes the PNG report. */
    void write(PrintWriter out, DemoRun.Replay replay) throws IOException {
        ServiceConfig service = replay.model();
        ModelConfig model = service.model();
        List<Prediction> predictions = new ArrayList<>(replay.predictions());
        Map<String, LabeledEvent> sent = replay.sent();
        OnlineLearner finalModel = replay.finalModel();
        List<TaskConfig> tasks = model.tasks();
        predictions.sort(Comparator.comparing((Prediction p) -> p.getEventTime()));
        out.println();
        out.println(model.tasks().stream().anyMatch(TaskConfig::delayed)
                ? "Served predictions (every event predicted when it arrived, scored against the labels that came later):"
                : "Prequential metrics (every event predicted before it was learned from):");
        for (TaskConfig task : tasks) {
            out.printf(Locale.ROOT, "  %-10s all passes %s | last pass %s%n", task.name(),
                    format(streamMetrics(task, predictions, sent, null)),
                    format(streamMetrics(task, predictions, sent, "p" + (passes - 1) + ":")));
        }
        List<Example> held = readTest(service);
        ExampleBatch batch = new ExampleBatch(held.size(), model.inputWidth(), tasks.size());
        held.forEach(e -> batch.add(e.inputs()));
        OnlineLearner scorer = new OnlineLearner(model, Backends.select(model, held.size()));
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

    private List<Example> readTest(ServiceConfig service) {
        try (CsvReader reader = DataFiles.open(test, service.csv())) {
            return RowEncoder.readAll(service.model(), reader);
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
        TaskWire wire = TaskWire.of(task);
        for (Prediction p : predictions) {
            if (idPrefix == null || p.getEventId().startsWith(idPrefix)) {
                double[] pair = pair(task, wire, p, sent.get(p.getEventId()));
                if (pair != null) {
                    pairs.add(pair);
                }
            }
        }
        return metrics(task, pairs);
    }

    private static double[] pair(TaskConfig task, TaskWire wire, Prediction p, LabeledEvent event) {
        Object label = event.getLabels().get(task.name());
        return label == null ? null : wire.truthAndPrediction(label, p.getTasks().get(task.name()));
    }

    private static Map<String, Double> metrics(TaskConfig task, List<double[]> pairs) {
        int n = pairs.size();
        double[] truth = pairs.stream().mapToDouble(p -> p[0]).toArray();
        double[] predicted = pairs.stream().mapToDouble(p -> p[1]).toArray();
        int[] classes = pairs.stream().mapToInt(p -> (int) p[0]).toArray();
        double[][] probabilities = pairs.stream().map(p -> Arrays.copyOfRange(p, 1, p.length)).toArray(double[][]::new);
        return TaskType.of(task).testMetrics(truth, predicted, classes, probabilities, n);
    }

    /** Each task's windowed metric over the stream, in event order. */
    private static List<MetricCurve> curves(List<TaskConfig> tasks, List<Prediction> predictions,
                                            Map<String, LabeledEvent> sent, int window) {
        List<MetricCurve> out = new ArrayList<>();
        for (TaskConfig task : tasks) {
            List<double[]> pairs = new ArrayList<>();
            TaskWire wire = TaskWire.of(task);
            for (Prediction p : predictions) {
                double[] pair = pair(task, wire, p, sent.get(p.getEventId()));
                if (pair != null) {
                    pairs.add(pair);
                }
            }
            String key = TaskType.of(task).curveMetric();
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
