package io.streammtl.learn;

import io.streammtl.config.ModelConfig;
import io.streammtl.config.ModelConfigLoader;
import io.streammtl.model.StepOutcome;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OnlineLearnerTest {
    private static byte[] modelState(OnlineLearner learner) {
        java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(learner.backend().stateBytes());
        learner.backend().writeState(out);
        return out.array();
    }

    @Test
    void shouldProduceBitIdenticalModelsFromSameSeedAndOrder() {
        OnlineLearner first = new OnlineLearner(LearnerFixtures.config());
        OnlineLearner second = new OnlineLearner(LearnerFixtures.config());
        LearnerFixtures.train(first, new SplittableRandom(1), 40);
        LearnerFixtures.train(second, new SplittableRandom(1), 40);
        assertArrayEquals(first.snapshot(), second.snapshot());
        assertEquals(40, first.counters().applied());
    }

    @Test
    void shouldProduceDifferentModelsFromDifferentSeeds() {
        OnlineLearner first = new OnlineLearner(LearnerFixtures.config());
        OnlineLearner second = new OnlineLearner(LearnerFixtures.config());
        LearnerFixtures.train(first, new SplittableRandom(1), 5);
        LearnerFixtures.train(second, new SplittableRandom(2), 5);
        assertFalse(java.util.Arrays.equals(first.snapshot(), second.snapshot()));
    }

    @Test
    void shouldContinueIdenticallyAfterSnapshotAndRestore() {
        OnlineLearner uninterrupted = new OnlineLearner(LearnerFixtures.config());
        LearnerFixtures.train(uninterrupted, new SplittableRandom(9), 25);
        byte[] midway = uninterrupted.snapshot();
        LearnerFixtures.train(uninterrupted, new SplittableRandom(10), 25);

        OnlineLearner restored = new OnlineLearner(LearnerFixtures.config());
        restored.restore(midway);
        LearnerFixtures.train(restored, new SplittableRandom(10), 25);

        assertArrayEquals(uninterrupted.snapshot(), restored.snapshot());
        assertEquals(50, restored.counters().applied());
    }

    @Test
    void shouldRejectSnapshotOfAnotherShape() {
        byte[] snapshot = new OnlineLearner(LearnerFixtures.config()).snapshot();
        ModelConfig other = ModelConfigLoader.parse(LearnerFixtures.SPEC.replace("[8, 8]", "[8, 9]")).model();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new OnlineLearner(other).restore(snapshot));
        assertTrue(e.getMessage().contains("trunk [8, 8] relu -> [8, 9] relu"), e.getMessage());
        OnlineLearner learner = new OnlineLearner(LearnerFixtures.config());
        assertThrows(IllegalArgumentException.class, () -> learner.restore(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}));
    }

    @Test
    void shouldRefuseASnapshotOfAnotherFormatVersionNamingBoth() {
        byte[] snapshot = new OnlineLearner(LearnerFixtures.config()).snapshot();
        java.nio.ByteBuffer.wrap(snapshot).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(4, 2);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new OnlineLearner(LearnerFixtures.config()).restore(snapshot));

        assertTrue(e.getMessage().contains("snapshot format 2 is not supported (expected 6, or 5, 4 or 3 which are still read)"), e.getMessage());
    }

    @Test
    void shouldPredictEveryExampleBeforeLearningFromIt() {
        OnlineLearner learner = new OnlineLearner(LearnerFixtures.config());
        LearnerFixtures.train(learner, new SplittableRandom(4), 10);
        ExampleBatch batch = ExampleBatch.forModel(learner.config());
        LearnerFixtures.fill(batch, new SplittableRandom(5));
        BatchPredictions before = learner.predict(batch);
        float[] expected = before.outputs(0).clone();
        float[] expectedClasses = before.outputs(2).clone();
        long version = before.modelVersion();

        BatchPredictions during = learner.predictThenLearn(batch);

        assertArrayEquals(expected, during.outputs(0));
        assertArrayEquals(expectedClasses, during.outputs(2));
        assertEquals(version, during.modelVersion());
        assertFalse(java.util.Arrays.equals(expected, learner.predict(batch).outputs(0)), "the step changed the model");
    }

    @Test
    void shouldReportRegressionPredictionsInOriginalUnits() {
        OnlineLearner learner = new OnlineLearner(LearnerFixtures.config());
        LearnerFixtures.train(learner, new SplittableRandom(6), 300);
        ExampleBatch batch = ExampleBatch.forModel(learner.config());
        LearnerFixtures.fill(batch, new SplittableRandom(7));
        BatchPredictions p = learner.predict(batch);
        double squared = 0;
        int n = 0;
        for (int r = 0; r < batch.size(); r++) {
            if (batch.isLabeled(0, r)) {
                double error = p.value(0, r) - batch.labelValue(0, r);
                squared += error * error;
                n++;
            }
        }
        // Targets span about -5..10 with noise variance 1/12; a model in standardised units would be far off.
        assertTrue(squared / n < 1.0, "mse " + squared / n);
        assertTrue(learner.metrics(0).count() > 0);
    }

    @Test
    void shouldGiveProbabilitiesForClassificationTasks() {
        OnlineLearner learner = new OnlineLearner(LearnerFixtures.config());
        ExampleBatch batch = ExampleBatch.forModel(learner.config());
        LearnerFixtures.fill(batch, new SplittableRandom(8));
        BatchPredictions p = learner.predictThenLearn(batch);
        for (int r = 0; r < batch.size(); r++) {
            assertTrue(p.value(1, r) > 0 && p.value(1, r) < 1);
            double sum = p.probability(2, r, 0) + p.probability(2, r, 1) + p.probability(2, r, 2);
            assertEquals(1.0, sum, 1e-5);
        }
    }

    @Test
    void shouldRejectNonFiniteLossAndLeaveStateUntouched() throws IOException {
        ModelConfig config = LearnerFixtures.config("preprocessing: {standardize_features: false}\n");
        OnlineLearner learner = new OnlineLearner(config);
        LearnerFixtures.train(learner, new SplittableRandom(2), 5);
        byte[] before = modelState(learner);
        ExampleBatch extreme = ExampleBatch.forModel(config);
        // Inputs are validated upstream; here an infinite one stands for any overflow inside the network.
        extreme.label(extreme.add(new float[] {Float.POSITIVE_INFINITY, 1, 1, 1, 0, 0}), 0, 1f);

        learner.predictThenLearn(extreme);

        assertEquals(StepOutcome.Status.NON_FINITE_LOSS, learner.lastOutcome().status());
        assertEquals(1, learner.counters().rejectedNonFiniteLoss());
        assertArrayEquals(before, modelState(learner));
    }

    @Test
    void shouldRejectNonFiniteGradientAndRestorePreprocessing() throws IOException {
        ModelConfig config = LearnerFixtures.config("preprocessing: {standardize_targets: false}\n");
        OnlineLearner learner = new OnlineLearner(config);
        LearnerFixtures.train(learner, new SplittableRandom(2), 5);
        byte[] state = modelState(learner);
        byte[] snapshot = learner.snapshot();
        ExampleBatch batch = ExampleBatch.forModel(config);
        batch.label(batch.add(new float[] {1, 0, 1, 1, 0, 0}), 0, 3e38f);

        learner.predictThenLearn(batch);

        assertEquals(StepOutcome.Status.NON_FINITE_GRADIENT, learner.lastOutcome().status());
        assertEquals(1, learner.counters().rejected());
        assertArrayEquals(state, modelState(learner));
        OnlineLearner reference = new OnlineLearner(config);
        reference.restore(snapshot);
        ExampleBatch probe = ExampleBatch.forModel(config);
        LearnerFixtures.fill(probe, new SplittableRandom(11));
        assertArrayEquals(reference.predict(probe).outputs(0).clone(), learner.predict(probe).outputs(0),
                "feature statistics were rolled back too");
    }

    @Test
    void shouldNotAdvanceHeadOfTaskWithoutLabels() {
        var config = LearnerFixtures.config();
        var trainer = new io.streammtl.model.train.MultiTaskTrainer(config, new io.streammtl.compute.cpu.CpuCompute(),
                config.training().batchSize());
        OnlineLearner learner = new OnlineLearner(config, trainer);
        ExampleBatch batch = ExampleBatch.forModel(learner.config());
        for (int r = 0; r < batch.capacity(); r++) {
            batch.label(batch.add(new float[] {r, 1, 2, 1, 0, 0}), 0, r);
        }
        learner.predictThenLearn(batch);
        var groups = trainer.network().groups();
        assertEquals(1, groups.get(0).steps());
        assertEquals(1, groups.get(1).steps());
        assertEquals(0, groups.get(2).steps());
        assertEquals(0, groups.get(3).steps());
    }

    @Test
    void shouldRejectBatchOfWrongWidth() {
        OnlineLearner learner = new OnlineLearner(LearnerFixtures.config());
        assertThrows(IllegalArgumentException.class, () -> learner.predict(new ExampleBatch(4, 3, 3)));
    }
}
