package io.streammtl.learn;

import io.streammtl.config.ModelConfig;
import io.streammtl.config.TaskConfig;
import io.streammtl.model.FeatureSets;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * Streams examples through an {@link OnlineLearner} in order, {@code passes} times, closing a micro-batch on
 * every B labeled examples; then scores a held-out test set with the final model. A row outside the spec's ranges
 * or the learner's outlier guard is skipped and counted, as the service dead-letters such an event, so that
 * offline and streaming runs over the same rows give the same model. With a label delay of N, each example is
 * predicted when it arrives (served) and learned only after N further examples have arrived, as MOA's
 * {@code EvaluatePrequentialDelayed} and River's {@code simulate_qa} do (Gomes et al., "Adaptive random forests
 * for evolving data stream classification", 2017, use the same protocol); the labels still pending when the
 * stream ends are learned at its end.
 */
public final class Evaluator {
    private Evaluator() {
    }

    /** Trains one multi-task model; {@code progress} hears the number of examples streamed so far. */
    public static EvaluationResult run(String label, ModelConfig config, List<Example> train, List<Example> test,
                                       int passes, LongConsumer progress) {
        return run(label, config, train, test, passes, OptionalInt.empty(), progress);
    }

    /**
     * Trains one multi-task model with each example's labels learned {@code labelDelay} examples after it arrived
     * (none: labels come with their examples, and no served prediction is kept apart).
     */
    public static EvaluationResult run(String label, ModelConfig config, List<Example> train, List<Example> test,
                                       int passes, OptionalInt labelDelay, LongConsumer progress) {
        return evaluate(label, config, train, test, passes, labelDelay, null, progress).result();
    }

    /** Trains one model as {@link #run} does and also scores each member's test rows, {@code memberOf} naming it. */
    public static MemberEvaluation runByMember(String label, ModelConfig config, List<Example> train,
                                               List<Example> test, int passes, OptionalInt labelDelay,
                                               Function<Example, String> memberOf, LongConsumer progress) {
        return evaluate(label, config, train, test, passes, labelDelay, memberOf, progress);
    }

    private static MemberEvaluation evaluate(String label, ModelConfig config, List<Example> train,
                                             List<Example> test, int passes, OptionalInt labelDelay,
                                             Function<Example, String> memberOf, LongConsumer progress) {
        if (labelDelay.isPresent() && labelDelay.getAsInt() < 0) {
            throw new IllegalArgumentException("label delay " + labelDelay.getAsInt() + " is negative");
        }
        OnlineLearner learner = new OnlineLearner(config);
        ServedPredictions served = labelDelay.isPresent() ? new ServedPredictions(learner) : null;
        int delay = labelDelay.orElse(0);
        long totalLabeled = (long) passes * train.stream().filter(Example::hasAnyLabel).count();
        BatchedLearning learning = new BatchedLearning(learner, served, totalLabeled);
        Deque<Arrival> waiting = new ArrayDeque<>();
        long started = System.nanoTime();
        long streamed = 0;
        for (int pass = 0; pass < passes; pass++) {
            for (Example example : train) {
                Arrival arrival = new Arrival(example, pass == passes - 1);
                if (served != null) {
                    served.arrive(arrival);
                }
                waiting.add(arrival);
                streamed++;
                while (waiting.size() > delay) {
                    if (learning.learn(waiting.poll())) {
                        progress.accept(streamed);
                    }
                }
            }
        }
        while (!waiting.isEmpty()) {
            learning.learn(waiting.poll());
        }
        learning.finish();
        progress.accept(streamed);
        double seconds = (System.nanoTime() - started) / 1e9;
        Map<String, Long> rejectedTestRows = new TreeMap<>();
        List<Example> scored = test.stream().filter(e -> !learning.keptFromModel(e, rejectedTestRows)).toList();
        TestScores scores = test.isEmpty() ? null : TestScores.of(learner, scored);
        DelayedLabels delayed = served == null ? null : new DelayedLabels(delay, served.meanVersionLag());
        EvaluationResult result = new EvaluationResult(label, learning.evaluations(scores), streamed, seconds,
                learner.counters().applied(), learner.counters().rejected(), learner.backend().description(),
                learning.rejectedRows(), rejectedTestRows, delayed);
        return new MemberEvaluation(result, memberOf == null ? null : MemberScores.of(learner, scored, memberOf));
    }

    /**
     * One model per task, same architecture and budget (static weight, no penalty coupling tasks), trained on the
     * stream's rows labeled for that task, in order: the single-task baseline.
     */
    public static List<EvaluationResult> runSingleTask(ModelConfig config, List<Example> train,
                                                       List<Example> test, int passes, LongConsumer progress) {
        return runSingleTask(config, train, test, passes, OptionalInt.empty(), progress);
    }

    /** The single-task baseline, each model's labels delayed by {@code labelDelay} of its own examples. */
    public static List<EvaluationResult> runSingleTask(ModelConfig config, List<Example> train, List<Example> test,
                                                       int passes, OptionalInt labelDelay, LongConsumer progress) {
        List<EvaluationResult> out = new ArrayList<>();
        for (int t = 0; t < config.tasks().size(); t++) {
            TaskConfig task = config.tasks().get(t);
            ModelConfig single = config.alone(task);
            int set = new FeatureSets(config).setOf(t);
            out.add(run("single-task " + task.name(), single, project(train, t, set), project(test, t, set), passes,
                    labelDelay, progress));
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
            out.add(new Example(e.line(), e.inputs(), new float[] {e.labels()[t]}, new boolean[] {true}, 0,
                    e.members() == null ? null : new String[] {e.member(t)}));
        }
        return out;
    }

    /** The metric drawn over time: MSE for regression, accuracy for classification. */
    static String curveMetric(TaskConfig task) {
        return TaskType.of(task).curveMetric();
    }
}
