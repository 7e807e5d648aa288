package io.streammtl.metrics;

import io.streammtl.learn.OnlineLearner;

/** The task weights λ_t the metrics export: the learner's current weights (static, or its weighting strategy's). */
public final class TaskWeights {
    private TaskWeights() {
    }

    /** Current weight of task {@code task} (spec order), as {@link OnlineLearner#taskWeights()} reports it. */
    public static double weight(OnlineLearner learner, int task) {
        return learner.taskWeights()[task];
    }
}
