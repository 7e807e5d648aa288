package io.streammtl.learn;

import io.streammtl.config.TaskConfig;

import java.util.List;
import java.util.Map;

/**
 * One task's evaluation: prequential metrics over the whole stream and over the last window (the learner's
 * quality), the same for the predictions served on arrival when labels were delayed (else empty), test-set
 * metrics (empty without a test set), the windowed primary metric over time, and predicted-vs-true pairs (on the
 * test set, or else the prequential predictions of the last pass), the drift detector's signals (their
 * {@code examples} count the task's labeled examples over all passes) and the ends of the drift challengers' races
 * they started.
 */
public record TaskEvaluation(
        TaskConfig task,
        Map<String, Double> prequential,
        Map<String, Double> windowed,
        Map<String, Double> served,
        Map<String, Double> servedWindowed,
        Map<String, Double> test,
        String curveMetric,
        long[] curveExamples,
        double[] curveValues,
        double[] truth,
        double[] predicted,
        List<DriftSignal> drifts,
        List<ChallengeEvent> challengeEnds) {
    public TaskEvaluation {
        drifts = List.copyOf(drifts);
        challengeEnds = List.copyOf(challengeEnds);
    }
}
