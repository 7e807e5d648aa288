package io.streammtl.learn;

import java.util.List;

/** The outcome of streaming a data set through a learner: per-task results and what it cost. */
public record EvaluationResult(
        String label,
        List<TaskEvaluation> tasks,
        long examples,
        double seconds,
        long steps,
        long rejectedSteps,
        String backend) {

    public EvaluationResult {
        tasks = List.copyOf(tasks);
    }
}
