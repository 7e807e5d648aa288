package io.streammtl.metrics;

import io.streammtl.learn.OnlineLearner;

/** The task weights λ_t the metrics export: the one place to switch when the learner's weights become dynamic. */
public final class TaskWeights {
    private TaskWeights() {
    }

    /** Current weight of each task, in spec order; today the static {@code tasks[i].weight}. */
    public static double weight(OnlineLearner learner, int task) {
        return learner.config().tasks().get(task).weight();
    }
}
