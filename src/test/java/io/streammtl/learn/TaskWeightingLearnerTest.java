package io.streammtl.learn;

import io.streammtl.compute.cpu.CpuCompute;
import io.streammtl.config.ConfigOverride;
import io.streammtl.config.ModelConfig;
import io.streammtl.config.ModelConfigLoader;
import io.streammtl.model.train.MultiTaskTrainer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Weighting strategies and regularisers inside the learner: known weights on synthetic streams, snapshots. */
class TaskWeightingLearnerTest {
    /** Two regression tasks on the same linear signal with noise of standard deviation 0.5 and 1.0 (variance ×4). */
    private static final String NOISY = """
            seed: 5
            features: [{name: a}, {name: b}]
            tasks: [{name: quiet, kind: regression}, {name: loud, kind: regression}]
            trunk: {layers: [16]}
            optimizer: {kind: adam, lr: 0.01}
            training: {batch_size: 32}
            preprocessing: {standardize_features: true, standardize_targets: false}
            """;

    private static MultiTaskTrainer trainer(String spec, String weighting) {
        ModelConfig config = ModelConfigLoader.parse(spec, List.of(new ConfigOverride("weighting", weighting))).model();
        return new MultiTaskTrainer(config, new CpuCompute(), config.training().batchSize());
    }

    private static OnlineLearner learner(String spec, String weighting) {
        return new OnlineLearner(ModelConfigLoader.parse(spec, List.of(new ConfigOverride("weighting", weighting))).model());
    }

    private static void stream(OnlineLearner learner, int steps, long seed, double scaleLoud) {
        stream(learner, null, steps, seed, scaleLoud, null, 0);
    }

    /** Streams batches; from step {@code from} on, adds each task's weighted loss as {@code trainer} used it. */
    private static void stream(OnlineLearner learner, MultiTaskTrainer trainer, int steps, long seed,
                               double scaleLoud, double[] lossSums, int from) {
        SplittableRandom random = new SplittableRandom(seed);
        ExampleBatch batch = ExampleBatch.forModel(learner.config());
        for (int s = 0; s < steps; s++) {
            batch.clear();
            while (!batch.isFull()) {
                float a = (float) (random.nextDouble() * 2 - 1);
                float b = (float) (random.nextDouble() * 2 - 1);
                int row = batch.add(new float[] {a, b});
                double signal = 2 * a - b;
                batch.label(row, 0, (float) (signal + 0.5 * random.nextGaussian()));
                batch.label(row, 1, (float) (scaleLoud * (signal + random.nextGaussian())));
            }
            learner.predictThenLearn(batch);
            if (lossSums != null && s >= from) {
                double[] used = trainer.lastStepWeights();
                for (int t = 0; t < 2; t++) {
                    lossSums[t] += used[t] * learner.lastOutcome().taskLosses()[t];
                }
            }
        }
    }

    @Test
    void shouldWeightTasksInverselyToTheirNoiseWithUncertainty() {
        OnlineLearner learner = learner(NOISY, "uncertainty");
        stream(learner, 2500, 1, 1.0);
        double[] weights = learner.taskWeights();
        // λ_t → 1/(2·L_t) and L_t → the noise variance (0.25 and 1): λ = 2 and 0.5, ratio 4.
        assertEquals(4.0, weights[0] / weights[1], 0.6, java.util.Arrays.toString(weights));
        assertEquals(0.5, weights[1], 0.08, java.util.Arrays.toString(weights));
    }

    @Test
    void shouldMakeWeightedLossesEqualWithLossScale() {
        MultiTaskTrainer trainer = trainer(NOISY, "loss_scale");
        OnlineLearner learner = new OnlineLearner(ModelConfigLoader.parse(NOISY, List.of(new ConfigOverride(
                "weighting", "loss_scale"))).model(), trainer);
        double[] sums = new double[2];
        stream(learner, trainer, 1500, 2, 10.0, sums, 500);
        assertEquals(1.0, sums[0] / 1000, 0.1, "weighted loss of quiet");
        assertEquals(1.0, sums[1] / 1000, 0.1, "weighted loss of loud (×10 units, ×400 raw loss)");
    }

    @Test
    void shouldDownWeightTheTaskWithLargerGradientsWithGradNorm() {
        // The loud task's targets are 10× larger (no target standardisation): its gradients at the shared layer are
        // ~10× larger while both tasks fit at the same relative rate, so GradNorm gives it ~1/10 of the weight.
        OnlineLearner learner = learner(NOISY.replace("0.5 * random", "random"), "gradnorm");
        stream(learner, 3000, 3, 10.0);
        double[] weights = learner.taskWeights();
        assertEquals(2.0, weights[0] + weights[1], 1e-9);
        assertTrue(weights[0] / weights[1] > 4, java.util.Arrays.toString(weights));
    }

    @Test
    void shouldReportStaticWeightsByDefault() {
        OnlineLearner learner = new OnlineLearner(ModelConfigLoader.parse(
                NOISY.replace("{name: loud, kind: regression}", "{name: loud, kind: regression, weight: 0.3}")).model());
        stream(learner, 3, 1, 1.0);
        assertArrayEquals(new double[] {1.0, 0.3}, learner.taskWeights());
    }

    @ParameterizedTest
    @ValueSource(strings = {"static", "uncertainty", "gradnorm", "dwa", "loss_scale"})
    void shouldContinueIdenticallyAfterSnapshotWithWeightingAndRegularisers(String weighting) {
        ModelConfig config = ModelConfigLoader.parse(LearnerFixtures.SPEC + """
                        regularizers:
                          l1: {strength: 0.0001}
                          l2: {strength: 0.001, groups: [trunk]}
                          decoupled_decay: {strength: 0.01, groups: [heads]}
                          nuclear: {strength: 0.1, tasks: [y, p]}
                          graph: {strength: 0.05, edges: [[y, p]]}
                          prior: {strength: 0.5, tasks: [y, p], rate: 0.1}
                        """,
                List.of(new ConfigOverride("weighting", weighting), new ConfigOverride("tasks.y.lr_scale", "0.5"),
                        new ConfigOverride("tasks.p.trunk_scale", "0.3"))).model();
        if (weighting.equals("dwa")) {
            config = ModelConfigLoader.parse(LearnerFixtures.SPEC + "weighting: {kind: dwa, window: 4}\n"
                    + "regularizers: {prior: {strength: 0.5, tasks: [y, p]}}\n").model();
        }
        OnlineLearner uninterrupted = new OnlineLearner(config);
        LearnerFixtures.train(uninterrupted, new SplittableRandom(9), 25);
        byte[] midway = uninterrupted.snapshot();
        LearnerFixtures.train(uninterrupted, new SplittableRandom(10), 25);

        OnlineLearner restored = new OnlineLearner(config);
        restored.restore(midway);
        LearnerFixtures.train(restored, new SplittableRandom(10), 25);

        assertArrayEquals(uninterrupted.snapshot(), restored.snapshot());
        assertArrayEquals(uninterrupted.taskWeights(), restored.taskWeights());
        if (!weighting.equals("static")) {
            assertTrue(!java.util.Arrays.equals(new double[] {1, 1, 1}, restored.taskWeights()),
                    "the strategy moved the weights: " + java.util.Arrays.toString(restored.taskWeights()));
        }
        OnlineLearner fresh = new OnlineLearner(config);
        LearnerFixtures.train(fresh, new SplittableRandom(10), 25);
        assertTrue(!java.util.Arrays.equals(fresh.snapshot(), restored.snapshot()), "the state matters");
    }
}
