package io.streammtl.learn;

import java.util.List;
import java.util.Map;

/**
 * The outcome of streaming a data set through a learner: per-task results, what it cost, and the rows kept from the
 * model (streamed) or from the test scores, counted by reason code ({@code label-outlier}, ...), and how labels
 * were delayed (null: they came with their examples).
 */
public record EvaluationResult(
        String label,
        List<TaskEvaluation> tasks,
        long examples,
        double seconds,
        long steps,
        long rejectedSteps,
        String backend,
        Map<String, Long> rejectedRows,
        Map<String, Long> rejectedTestRows,
        DelayedLabels delayedLabels) {

    public EvaluationResult {
        tasks = List.copyOf(tasks);
        rejectedRows = Map.copyOf(rejectedRows);
        rejectedTestRows = Map.copyOf(rejectedTestRows);
    }

    /** A result where no row was rejected. */
    public EvaluationResult(String label, List<TaskEvaluation> tasks, long examples, double seconds, long steps,
                            long rejectedSteps, String backend) {
        this(label, tasks, examples, seconds, steps, rejectedSteps, backend, Map.of(), Map.of(), null);
    }
}
