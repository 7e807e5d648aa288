package io.streammtl.learn;

import io.streammtl.compute.cpu.CpuCompute;
import io.streammtl.config.ModelConfig;
import io.streammtl.model.train.MultiTaskTrainer;
import io.streammtl.optim.ParameterGroup;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The learner with task-specific feature sets, embeddings, imputation, linked heads and a coherence penalty. */
class TaskInputsLearnerTest {
    @Test
    void shouldContinueIdenticallyAfterSnapshotAndRestore() {
        OnlineLearner uninterrupted = new OnlineLearner(TaskInputsFixtures.config());
        TaskInputsFixtures.train(uninterrupted, new SplittableRandom(9), 20);
        byte[] midway = uninterrupted.snapshot();
        TaskInputsFixtures.train(uninterrupted, new SplittableRandom(10), 20);

        OnlineLearner restored = new OnlineLearner(TaskInputsFixtures.config());
        restored.restore(midway);
        TaskInputsFixtures.train(restored, new SplittableRandom(10), 20);

        assertArrayEquals(uninterrupted.snapshot(), restored.snapshot());
        assertEquals(40, restored.counters().applied());
        assertEquals(0, restored.counters().rejected());
    }

    @Test
    void shouldNotStepTheProjectionOfAFeatureSetWithoutRows() {
        ModelConfig config = TaskInputsFixtures.config();
        MultiTaskTrainer trainer = new MultiTaskTrainer(config, new CpuCompute(), config.training().batchSize());
        OnlineLearner learner = new OnlineLearner(config, trainer);
        ExampleBatch batch = ExampleBatch.forModel(learner.config());
        TaskInputsFixtures.fill(batch, new SplittableRandom(1), true);
        learner.predictThenLearn(batch);
        List<ParameterGroup> groups = trainer.network().groups();
        assertEquals(List.of("trunk", "head.house", "head.flat", "head.dear", "projection.0", "projection.1",
                "embedding.place"), groups.stream().map(ParameterGroup::name).toList());
        assertEquals(1, groups.get(4).steps(), "houses' projection");
        assertEquals(0, groups.get(5).steps(), "flats' projection had no rows");
        assertEquals(1, groups.get(1).steps());
        assertEquals(1, groups.get(2).steps(), "flat and dear are tied to house and each other by coherence");
    }

    @Test
    void shouldLearnTheHousesFromItsOwnFeaturesAndPredictFinitely() {
        OnlineLearner learner = new OnlineLearner(TaskInputsFixtures.config());
        TaskInputsFixtures.train(learner, new SplittableRandom(2), 300);
        ExampleBatch batch = new ExampleBatch(4, TaskInputsFixtures.WIDTH, 3);
        batch.add(TaskInputsFixtures.row(true, 100, 3, 1, 0, 0), 0);
        batch.add(TaskInputsFixtures.row(true, 100, 3, 3, 0, 0), 0);
        batch.add(TaskInputsFixtures.row(true, 100, -1, 1, 0, 0), 0);
        batch.add(TaskInputsFixtures.row(false, 100, 3, 0, 3, 2), 1);
        BatchPredictions p = learner.predict(batch);
        for (int t = 0; t < 3; t++) {
            for (int r = 0; r < 4; r++) {
                assertTrue(Float.isFinite(p.value(t, r)), "task " + t + " row " + r);
            }
        }
        // y = 2·100 + 20·3 + 30·baths: two more bathrooms are worth 60.
        assertEquals(60, p.value(0, 1) - p.value(0, 0), 25);
        assertEquals(290, p.value(0, 0), 40);
    }

    @Test
    void shouldImputeTheRunningMeanAsZeroAfterStandardisationAndAConstantInUserUnits() {
        ModelConfig config = TaskInputsFixtures.config();
        boolean[] standardized = new boolean[TaskInputsFixtures.WIDTH];
        standardized[0] = true;
        standardized[1] = true;
        standardized[3] = true;
        InputPreparation preparation = new InputPreparation(config, standardized);
        RunningStandardizer stats = new RunningStandardizer(TaskInputsFixtures.WIDTH);
        ExampleBatch batch = new ExampleBatch(4, TaskInputsFixtures.WIDTH, 3);
        batch.add(TaskInputsFixtures.row(true, 50, 2, 2, 0, 0), 0);
        batch.add(TaskInputsFixtures.row(true, 70, 4, 4, 0, 0), 0);
        batch.add(TaskInputsFixtures.row(false, 90, -1, 0, 1, 1), 1);
        float[] missingBaths = TaskInputsFixtures.row(true, 60, 6, 0, 0, 0);
        missingBaths[3] = 0;
        missingBaths[4] = 1;
        batch.add(missingBaths, 0);
        preparation.updateStatistics(batch, 4, stats);
        assertEquals(4, stats.count(0), "size is in both sets");
        assertEquals(3, stats.count(1), "the missing rooms value is not counted");
        assertEquals(4.0, stats.mean(1), 1e-12);
        assertEquals(2, stats.count(3), "baths: a flat does not carry it, one house misses it");
        assertEquals(3.0, stats.mean(3), 1e-12);

        float[] x = new float[4 * TaskInputsFixtures.WIDTH];
        x[2 * TaskInputsFixtures.WIDTH + 1] = 123;
        preparation.impute(batch, 4, stats, x);
        assertEquals(0f, x[2 * TaskInputsFixtures.WIDTH + 1], "the running mean, standardised");
        assertEquals(stats.standardize(3, 1.0), x[3 * TaskInputsFixtures.WIDTH + 3], 0f, "the constant 1");
        assertNotEquals(0f, x[3 * TaskInputsFixtures.WIDTH + 3]);
    }

    @Test
    void shouldTrainTheSingleTaskBaselineOnItsOwnFeatureSetOnly() {
        ModelConfig config = TaskInputsFixtures.config();
        ExampleBatch batch = ExampleBatch.forModel(config);
        SplittableRandom random = new SplittableRandom(4);
        List<Example> examples = new java.util.ArrayList<>();
        int houses = 0;
        int apartments = 0;
        for (int b = 0; b < 20; b++) {
            TaskInputsFixtures.fill(batch, random, false);
            for (int r = 0; r < batch.size(); r++) {
                float[] labels = new float[3];
                boolean[] labeled = new boolean[3];
                for (int t = 0; t < 3; t++) {
                    labeled[t] = batch.isLabeled(t, r);
                    labels[t] = batch.labelValue(t, r);
                }
                // The single-task models stream the rows labeled for their task.
                houses += batch.featureSet(r) == 0 && labeled[0] ? 1 : 0;
                apartments += batch.featureSet(r) != 0 && labeled[1] ? 1 : 0;
                examples.add(new Example(examples.size(), batch.inputRow(r), labels, labeled, batch.featureSet(r)));
            }
        }
        List<EvaluationResult> singles = Evaluator.runSingleTask(config, examples, List.of(), 1, n -> { });
        assertEquals(houses, singles.get(0).examples(), "the house model streams the houses only");
        assertEquals(apartments, singles.get(1).examples());
        assertTrue(singles.get(0).tasks().get(0).prequential().get("mse") > 0);
    }
}
