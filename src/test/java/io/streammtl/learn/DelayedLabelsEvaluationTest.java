package io.streammtl.learn;

import io.streammtl.config.ModelConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The evaluator with labels that come N examples after their events: served quality beside the learner's. */
class DelayedLabelsEvaluationTest {
    private final ModelConfig config = LearnerFixtures.config();
    private final List<Example> train = EvaluatorTest.examples(config, 12, 5);

    @Test
    void shouldGiveTodaysFiguresAndServeWhatTheLearnerPredictsWithNoDelay() {
        EvaluationResult today = Evaluator.run("mtl", config, train, List.of(), 2, n -> { });
        EvaluationResult delayed = Evaluator.run("mtl", config, train, List.of(), 2, OptionalInt.of(0), n -> { });
        assertNull(today.delayedLabels());
        assertEquals(new DelayedLabels(0, 0), delayed.delayedLabels());
        assertEquals(today.steps(), delayed.steps());
        for (int t = 0; t < config.tasks().size(); t++) {
            TaskEvaluation before = today.tasks().get(t);
            TaskEvaluation after = delayed.tasks().get(t);
            assertEquals(before.prequential(), after.prequential(), "task " + t);
            assertEquals(before.windowed(), after.windowed(), "task " + t);
            assertTrue(before.served().isEmpty(), "no served figures without a delay");
            assertEquals(after.prequential(), after.served(), "served on arrival = learned at once, task " + t);
        }
    }

    @Test
    void shouldServeTheUntrainedModelWhenEveryLabelComesAfterTheStream() {
        EvaluationResult result = Evaluator.run("mtl", config, train, List.of(), 1, OptionalInt.of(train.size()),
                n -> { });
        PrequentialScoring untrained = scoresOfUntrainedModel();
        for (int t = 0; t < config.tasks().size(); t++) {
            assertEquals(untrained.metrics(t).cumulative(), result.tasks().get(t).served(), "task " + t);
        }
        EvaluationResult today = Evaluator.run("mtl", config, train, List.of(), 1, n -> { });
        assertEquals(today.tasks().get(0).prequential(), result.tasks().get(0).prequential(),
                "the learner sees the same examples in the same order, later");
        double meanStep = (today.steps() - 1) / 2.0;
        assertEquals(meanStep, result.delayedLabels().meanVersionLag(), 1.0,
                "everything served by version 0, learned at every step");
    }

    @Test
    void shouldServeOlderModelsThanTheLearnerWhenLabelsWait() {
        EvaluationResult result = Evaluator.run("mtl", config, train, List.of(), 1, OptionalInt.of(40), n -> { });
        TaskEvaluation regression = result.tasks().get(0);
        assertNotEquals(regression.prequential().get("mse"), regression.served().get("mse"));
        assertTrue(result.delayedLabels().meanVersionLag() >= 40.0 / 16 - 1,
                "40 examples at most 16 a step: about 2.5 steps, " + result.delayedLabels());
        assertTrue(result.delayedLabels().meanVersionLag() <= 40.0 / 16 + 1, result.delayedLabels().toString());
    }

    @Test
    void shouldRefuseANegativeDelay() {
        assertThrows(IllegalArgumentException.class,
                () -> Evaluator.run("mtl", config, train, List.of(), 1, OptionalInt.of(-1), n -> { }));
    }

    /** Every labeled example predicted by a fresh learner, in micro-batches, scored as served quality is. */
    private PrequentialScoring scoresOfUntrainedModel() {
        OnlineLearner fresh = new OnlineLearner(config);
        PrequentialScoring scoring = new PrequentialScoring(config);
        ExampleBatch batch = ExampleBatch.forModel(config);
        for (int start = 0; start < train.size(); start += batch.capacity()) {
            List<Example> chunk = train.subList(start, Math.min(train.size(), start + batch.capacity()));
            batch.clear();
            chunk.forEach(e -> batch.add(e.inputs(), e.featureSet()));
            BatchPredictions predictions = fresh.predict(batch);
            for (int r = 0; r < chunk.size(); r++) {
                for (int t = 0; t < config.tasks().size(); t++) {
                    if (chunk.get(r).hasLabel(t)) {
                        int width = config.tasks().get(t).outputs();
                        float[] row = java.util.Arrays.copyOfRange(predictions.outputs(t), r * width,
                                (r + 1) * width);
                        scoring.record(t, chunk.get(r).labels()[t], row, 0);
                    }
                }
            }
        }
        return scoring;
    }
}
