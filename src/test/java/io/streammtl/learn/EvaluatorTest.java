package io.streammtl.learn;

import io.streammtl.config.ModelConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvaluatorTest {
    /** {@code batches} full batches of seeded synthetic examples, partially labeled. */
    static List<Example> examples(ModelConfig config, int batches, long seed) {
        ExampleBatch batch = ExampleBatch.forModel(config);
        SplittableRandom random = new SplittableRandom(seed);
        List<Example> out = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            LearnerFixtures.fill(batch, random);
            for (int r = 0; r < batch.size(); r++) {
                int tasks = config.tasks().size();
                float[] labels = new float[tasks];
                boolean[] labeled = new boolean[tasks];
                for (int t = 0; t < tasks; t++) {
                    labeled[t] = batch.isLabeled(t, r);
                    labels[t] = batch.labelValue(t, r);
                }
                out.add(new Example(out.size() + 2, batch.inputRow(r), labels, labeled));
            }
        }
        return out;
    }

    @Test
    void shouldStreamEveryPassAndKeepLastPassPairsWithoutTestSet() {
        ModelConfig config = LearnerFixtures.config();
        List<Example> train = examples(config, 10, 1);
        EvaluationResult result = Evaluator.run("mtl", config, train, List.of(), 3, n -> { });
        assertEquals(3L * train.size(), result.examples());
        long labeledQuality = train.stream().filter(e -> e.hasLabel(0)).count();
        TaskEvaluation quality = result.tasks().get(0);
        assertEquals(labeledQuality, quality.truth().length, "prequential pairs of the last pass");
        long[] curve = quality.curveExamples();
        assertTrue(curve.length > 10, "a metric curve over the stream");
        assertEquals(3L * train.stream().filter(Example::hasAnyLabel).count(), curve[curve.length - 1]);
        assertTrue(quality.test().isEmpty());
        assertTrue(result.steps() > 0);
    }

    @Test
    void shouldScoreTestSetAndTrainOneModelPerTaskForBaseline() {
        ModelConfig config = LearnerFixtures.config();
        List<Example> train = examples(config, 20, 2);
        List<Example> test = examples(config, 3, 3);
        List<EvaluationResult> singles = Evaluator.runSingleTask(config, train, test, 1, n -> { });
        assertEquals(config.tasks().size(), singles.size());
        for (int t = 0; t < singles.size(); t++) {
            assertEquals(1, singles.get(t).tasks().size());
            assertEquals(config.tasks().get(t).name(), singles.get(t).tasks().get(0).task().name());
            int task = t;
            long labeledInTest = test.stream().filter(e -> e.hasLabel(task)).count();
            TaskEvaluation single = singles.get(t).tasks().get(0);
            assertEquals(labeledInTest, single.truth().length, "test pairs of task " + t);
            assertTrue(Double.isFinite(single.test().get(Evaluator.curveMetric(config.tasks().get(t)))));
        }
    }
}
