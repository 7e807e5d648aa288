package io.streammtl.learn;

import io.streammtl.config.ModelConfig;
import io.streammtl.config.TaskConfig;
import io.streammtl.model.FeatureSets;
import io.streammtl.learn.metrics.PrequentialMetrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongConsumer;

/**
 * Streams examples through an {@link OnlineLearner} in order, {@code passes} times, closing a micro-batch on
 * every B labeled examples; then scores a held-out test set with the final model. A row outside the spec's ranges
 * or the learner's outlier guard is skipped and counted, as the service dead-letters such an event, so that
 * offline and streaming runs over the same rows give the same model.
 */
public final class Evaluator {
    private static final int CURVE_POINTS = 200;

    private Evaluator() {
    }

    /** Trains one multi-task model; {@code progress} hears the number of examples streamed so far. */
    public static EvaluationResult run(String label, ModelConfig config, List<Example> train, List<Example> test,
                                       int passes, LongConsumer progress) {
        OnlineLearner learner = new OnlineLearner(config);
        int tasks = config.tasks().size();
        ExampleBatch batch = ExampleBatch.forModel(config);
        int batchSize = config.training().batchSize();
        long totalLabeled = (long) passes * train.stream().filter(Example::hasAnyLabel).count();
        long stride = Math.max(batchSize, totalLabeled / CURVE_POINTS);
        List<List<Long>> curveX = new ArrayList<>();
        List<List<Double>> curveY = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            curveX.add(new ArrayList<>());
            curveY.add(new ArrayList<>());
        }
        List<List<DriftSignal>> drifts = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            drifts.add(new ArrayList<>());
        }
        List<List<double[]>> lastPass = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            lastPass.add(new ArrayList<>());
        }
        ValueRanges ranges = new ValueRanges(config);
        Map<String, Long> rejectedRows = new TreeMap<>();
        long started = System.nanoTime();
        long streamed = 0;
        long labeledSeen = 0;
        long nextPoint = stride;
        int labeledInBatch = 0;
        for (int pass = 0; pass < passes; pass++) {
            for (Example example : train) {
                if (rejected(ranges, learner, example, rejectedRows)) {
                    streamed++;
                    continue;
                }
                int row = batch.add(example.inputs(), example.featureSet());
                boolean any = false;
                for (int t = 0; t < tasks; t++) {
                    if (example.labeled()[t]) {
                        batch.label(row, t, example.labels()[t]);
                        any = true;
                    }
                }
                streamed++;
                if (any) {
                    labeledInBatch++;
                    labeledSeen++;
                }
                if (labeledInBatch == batchSize || batch.isFull()) {
                    BatchPredictions predictions = learner.predictThenLearn(batch);
                    learner.lastSignals().forEach(signal -> drifts.get(signal.task()).add(signal));
                    if (pass == passes - 1) {
                        keepPredictions(batch, predictions, lastPass);
                    }
                    batch.clear();
                    labeledInBatch = 0;
                    progress.accept(streamed);
                    if (labeledSeen >= nextPoint) {
                        addCurvePoints(learner, labeledSeen, curveX, curveY);
                        nextPoint += stride;
                    }
                }
            }
        }
        if (batch.size() > 0) {
            keepPredictions(batch, learner.predictThenLearn(batch), lastPass);
            learner.lastSignals().forEach(signal -> drifts.get(signal.task()).add(signal));
            batch.clear();
            addCurvePoints(learner, labeledSeen, curveX, curveY);
        }
        progress.accept(streamed);
        double seconds = (System.nanoTime() - started) / 1e9;
        List<TaskEvaluation> results = new ArrayList<>();
        Map<String, Long> rejectedTestRows = new TreeMap<>();
        List<Example> scored = test.stream().filter(e -> !rejected(ranges, learner, e, rejectedTestRows)).toList();
        TestScores scores = test.isEmpty() ? null : TestScores.of(learner, scored);
        for (int t = 0; t < tasks; t++) {
            TaskConfig task = config.tasks().get(t);
            PrequentialMetrics m = learner.metrics(t);
            results.add(new TaskEvaluation(task, m.cumulative(), m.windowed(),
                    scores == null ? Map.of() : scores.metrics(t), curveMetric(task),
                    curveX.get(t).stream().mapToLong(Long::longValue).toArray(),
                    curveY.get(t).stream().mapToDouble(Double::doubleValue).toArray(),
                    scores == null ? column(lastPass.get(t), 0) : scores.truth(t),
                    scores == null ? column(lastPass.get(t), 1) : scores.predicted(t), drifts.get(t)));
        }
        return new EvaluationResult(label, results, streamed, seconds, learner.counters().applied(),
                learner.counters().rejected(), learner.backend().description(), rejectedRows, rejectedTestRows);
    }

    /** Whether the row is kept from the model (counted by reason), judged as the service judges an event. */
    private static boolean rejected(ValueRanges ranges, OnlineLearner learner, Example example,
                                    Map<String, Long> counts) {
        ValueRejection rejection = ranges.check(example);
        if (rejection == null) {
            rejection = learner.checkOutliers(example);
        }
        if (rejection == null) {
            return false;
        }
        counts.merge(rejection.kind().code(), 1L, Long::sum);
        return true;
    }

    /** Keeps (truth, prediction) of every labeled row: the prequential pairs of the last pass. */
    private static void keepPredictions(ExampleBatch batch, BatchPredictions predictions, List<List<double[]>> out) {
        for (int t = 0; t < out.size(); t++) {
            for (int r = 0; r < batch.size(); r++) {
                if (batch.isLabeled(t, r)) {
                    out.get(t).add(new double[] {batch.labelValue(t, r), predictions.value(t, r)});
                }
            }
        }
    }

    private static double[] column(List<double[]> pairs, int index) {
        return pairs.stream().mapToDouble(pair -> pair[index]).toArray();
    }

    /**
     * One model per task, same architecture and budget (static weight, no penalty coupling tasks), trained on the
     * stream's rows labeled for that task, in order: the single-task baseline.
     */
    public static List<EvaluationResult> runSingleTask(ModelConfig config, List<Example> train,
                                                       List<Example> test, int passes, LongConsumer progress) {
        List<EvaluationResult> out = new ArrayList<>();
        for (int t = 0; t < config.tasks().size(); t++) {
            TaskConfig task = config.tasks().get(t);
            ModelConfig single = config.alone(task);
            int set = new FeatureSets(config).setOf(t);
            out.add(run("single-task " + task.name(), single, project(train, t, set), project(test, t, set), passes,
                    progress));
        }
        return out;
    }

    /**
     * Task {@code t}'s labeled rows alone (rows without its label would only move the single model's input
     * statistics); where tasks have their own feature sets, only the rows of {@code t}'s set, as the single model's
     * only set.
     */
    private static List<Example> project(List<Example> examples, int t, int set) {
        List<Example> out = new ArrayList<>(examples.size());
        for (Example e : examples) {
            if (e.featureSet() != set || !e.labeled()[t]) {
                continue;
            }
            out.add(new Example(e.line(), e.inputs(), new float[] {e.labels()[t]}, new boolean[] {true}));
        }
        return out;
    }

    /** The metric drawn over time: MSE for regression, accuracy for classification. */
    static String curveMetric(TaskConfig task) {
        return TaskType.of(task).curveMetric();
    }

    private static void addCurvePoints(OnlineLearner learner, long labeledSeen, List<List<Long>> xs,
                                       List<List<Double>> ys) {
        for (int t = 0; t < xs.size(); t++) {
            PrequentialMetrics m = learner.metrics(t);
            if (m.count() > 0) {
                xs.get(t).add(labeledSeen);
                ys.get(t).add(m.windowed().get(curveMetric(learner.config().tasks().get(t))));
            }
        }
    }

    /** Predictions of the final model on a test set, with exact metrics per task. */
    private record TestScores(double[][] truth, double[][] predicted, List<Map<String, Double>> metrics) {
        static TestScores of(OnlineLearner learner, List<Example> test) {
            ModelConfig config = learner.config();
            int tasks = config.tasks().size();
            List<List<double[]>> rows = new ArrayList<>();
            for (int t = 0; t < tasks; t++) {
                rows.add(new ArrayList<>());
            }
            ExampleBatch batch = new ExampleBatch(learner.backend().capacity(), config.inputWidth(), tasks);
            List<Example> pending = new ArrayList<>();
            for (int i = 0; i < test.size(); i++) {
                Example e = test.get(i);
                batch.add(e.inputs(), e.featureSet());
                pending.add(e);
                if (batch.isFull() || i == test.size() - 1) {
                    BatchPredictions p = learner.predict(batch);
                    for (int r = 0; r < pending.size(); r++) {
                        for (int t = 0; t < tasks; t++) {
                            if (pending.get(r).labeled()[t]) {
                                int width = config.tasks().get(t).outputs();
                                double[] entry = new double[1 + width];
                                entry[0] = pending.get(r).labels()[t];
                                for (int c = 0; c < width; c++) {
                                    entry[1 + c] = p.outputs(t)[r * width + c];
                                }
                                rows.get(t).add(entry);
                            }
                        }
                    }
                    batch.clear();
                    pending.clear();
                }
            }
            double[][] truth = new double[tasks][];
            double[][] predicted = new double[tasks][];
            List<Map<String, Double>> metrics = new ArrayList<>();
            for (int t = 0; t < tasks; t++) {
                List<double[]> entries = rows.get(t);
                int n = entries.size();
                truth[t] = new double[n];
                predicted[t] = new double[n];
                TaskConfig task = config.tasks().get(t);
                double[][] probabilities = new double[n][];
                int[] classes = new int[n];
                for (int i = 0; i < n; i++) {
                    truth[t][i] = entries.get(i)[0];
                    predicted[t][i] = entries.get(i)[1];
                    probabilities[i] = java.util.Arrays.copyOfRange(entries.get(i), 1, entries.get(i).length);
                    classes[i] = (int) entries.get(i)[0];
                }
                metrics.add(TaskType.of(task).testMetrics(truth[t], predicted[t], classes, probabilities, n));
            }
            return new TestScores(truth, predicted, metrics);
        }

        Map<String, Double> metrics(int t) {
            return metrics.get(t);
        }

        double[] truth(int t) {
            return truth[t];
        }

        double[] predicted(int t) {
            return predicted[t];
        }
    }
}
