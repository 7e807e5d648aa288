package io.streammtl.learn;

import io.streammtl.config.ModelConfig;
import io.streammtl.config.TaskConfig;
import io.streammtl.learn.metrics.PrequentialMetrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The learner's side of an evaluation: takes examples in the order their labels come, keeps out the rows the
 * service would dead-letter, closes a micro-batch on every B labeled examples (or a full batch) and
 * predicts-then-learns it; keeps the metric curves, drift signals, drift challengers' race ends and the last pass's
 * prequential pairs.
 */
final class BatchedLearning {
    private static final int CURVE_POINTS = 200;

    private final OnlineLearner learner;
    private final ServedPredictions served;
    private final ExampleBatch batch;
    private final List<Arrival> inBatch = new ArrayList<>();
    private final int batchSize;
    private final ValueRanges ranges;
    private final Map<String, Long> rejectedRows = new TreeMap<>();
    private final long stride;
    private final List<List<Long>> curveX = new ArrayList<>();
    private final List<List<Double>> curveY = new ArrayList<>();
    private final List<List<DriftSignal>> drifts = new ArrayList<>();
    private final List<List<ChallengeEvent>> challengeEnds = new ArrayList<>();
    private final List<List<double[]>> lastPass = new ArrayList<>();
    private long labeledSeen;
    private long nextPoint;
    private int labeledInBatch;

    /**
     * A learner's side over {@code totalLabeled} labeled examples; {@code served} (or null) scores the predictions
     * served on arrival before each step.
     */
    BatchedLearning(OnlineLearner learner, ServedPredictions served, long totalLabeled) {
        ModelConfig config = learner.config();
        this.learner = learner;
        this.served = served;
        this.batch = ExampleBatch.forModel(config);
        this.batchSize = config.training().batchSize();
        this.ranges = new ValueRanges(config);
        this.stride = Math.max(batchSize, totalLabeled / CURVE_POINTS);
        this.nextPoint = stride;
        for (int t = 0; t < config.tasks().size(); t++) {
            curveX.add(new ArrayList<>());
            curveY.add(new ArrayList<>());
            drifts.add(new ArrayList<>());
            challengeEnds.add(new ArrayList<>());
            lastPass.add(new ArrayList<>());
        }
    }

    /** Learns the example (in its micro-batch) unless it is kept from the model; whether a step was taken. */
    boolean learn(Arrival arrival) {
        Example example = arrival.example();
        if (keptFromModel(example, rejectedRows)) {
            return false;
        }
        int row = batch.add(example);
        inBatch.add(arrival);
        boolean any = false;
        for (int t = 0; t < curveX.size(); t++) {
            if (example.labeled()[t]) {
                batch.label(row, t, example.labels()[t]);
                any = true;
            }
        }
        if (any) {
            labeledInBatch++;
            labeledSeen++;
        }
        if (labeledInBatch < batchSize && !batch.isFull()) {
            return false;
        }
        step();
        if (labeledSeen >= nextPoint) {
            addCurvePoints();
            nextPoint += stride;
        }
        return true;
    }

    /** Learns the last, partial micro-batch, if any. */
    void finish() {
        if (batch.size() > 0) {
            step();
            addCurvePoints();
        }
    }

    private void step() {
        if (served != null) {
            served.scoreBeforeStep(inBatch);
        }
        BatchPredictions predictions = learner.predictThenLearn(batch);
        learner.lastSignals().forEach(signal -> drifts.get(signal.task()).add(signal));
        learner.lastChallengeEvents().forEach(end -> challengeEnds.get(end.task()).add(end));
        keepLastPassPairs(predictions);
        batch.clear();
        inBatch.clear();
        labeledInBatch = 0;
    }

    /** Whether the row is kept from the model (counted by reason), judged as the service judges an event. */
    boolean keptFromModel(Example example, Map<String, Long> counts) {
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

    /** Keeps (truth, prediction) of every labeled row of the last pass: the scatter without a test set. */
    private void keepLastPassPairs(BatchPredictions predictions) {
        for (int t = 0; t < lastPass.size(); t++) {
            for (int r = 0; r < batch.size(); r++) {
                if (inBatch.get(r).lastPass() && batch.isLabeled(t, r)) {
                    lastPass.get(t).add(new double[] {batch.labelValue(t, r), predictions.value(t, r)});
                }
            }
        }
    }

    private void addCurvePoints() {
        for (int t = 0; t < curveX.size(); t++) {
            PrequentialMetrics m = learner.metrics(t);
            if (m.count() > 0) {
                curveX.get(t).add(labeledSeen);
                curveY.get(t).add(m.windowed().get(Evaluator.curveMetric(learner.config().tasks().get(t))));
            }
        }
    }

    Map<String, Long> rejectedRows() {
        return rejectedRows;
    }

    /** Each task's evaluation: learner quality, served quality (with served predictions), test scores if any. */
    List<TaskEvaluation> evaluations(TestScores scores) {
        List<TaskEvaluation> results = new ArrayList<>();
        for (int t = 0; t < curveX.size(); t++) {
            TaskConfig task = learner.config().tasks().get(t);
            PrequentialMetrics m = learner.metrics(t);
            PrequentialMetrics s = served == null ? null : served.scoring().metrics(t);
            results.add(new TaskEvaluation(task, m.cumulative(), m.windowed(),
                    s == null ? Map.of() : s.cumulative(), s == null ? Map.of() : s.windowed(),
                    scores == null ? Map.of() : scores.metrics(t), Evaluator.curveMetric(task),
                    curveX.get(t).stream().mapToLong(Long::longValue).toArray(),
                    curveY.get(t).stream().mapToDouble(Double::doubleValue).toArray(),
                    scores == null ? column(lastPass.get(t), 0) : scores.truth(t),
                    scores == null ? column(lastPass.get(t), 1) : scores.predicted(t), drifts.get(t),
                    challengeEnds.get(t)));
        }
        return results;
    }

    private static double[] column(List<double[]> pairs, int index) {
        return pairs.stream().mapToDouble(pair -> pair[index]).toArray();
    }
}
