package io.streammtl.learn;

import io.streammtl.config.ModelConfig;
import io.streammtl.config.ModelConfigLoader;
import io.streammtl.learn.drift.DriftLevel;
import io.streammtl.compute.cpu.CpuCompute;
import io.streammtl.model.HeadControl;
import io.streammtl.model.ModelBackend;
import io.streammtl.model.train.MultiTaskTrainer;
import io.streammtl.model.StepOutcome;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DriftResponseTest {
    private static ModelConfig config(String response) {
        return ModelConfigLoader.parse("""
                seed: 4
                features: [{name: a}, {name: b}]
                tasks:
                  - {name: y, kind: regression}
                  - name: p
                    kind: binary
                    drift: {detector: adwin, delta: 0.002, response: %s, boost_factor: 5, boost_steps: 3,
                            snapshot_every_steps: 2}
                trunk: {layers: [8]}
                training: {batch_size: 8}
                metrics: {window: 50}
                """.formatted(response)).model();
    }

    private static MultiTaskTrainer trainer(ModelConfig config) {
        return new MultiTaskTrainer(config, new CpuCompute(), config.training().batchSize());
    }

    private static byte[] groupState(MultiTaskTrainer backend, int group) {
        var g = backend.network().groups().get(group);
        ByteBuffer out = ByteBuffer.allocate(g.stateBytes());
        g.write(out);
        return out.array();
    }

    private static byte[] backendState(ModelBackend backend) {
        ByteBuffer out = ByteBuffer.allocate(backend.stateBytes()).order(ByteOrder.LITTLE_ENDIAN);
        backend.writeState(out);
        return out.array();
    }

    private static void train(OnlineLearner learner, int steps, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        ExampleBatch batch = ExampleBatch.forModel(learner.config());
        for (int s = 0; s < steps; s++) {
            batch.clear();
            while (!batch.isFull()) {
                float a = (float) random.nextDouble();
                float b = (float) random.nextDouble();
                int row = batch.add(new float[] {a, b});
                batch.label(row, 0, a + b);
                batch.label(row, 1, a > b ? 1 : 0);
            }
            learner.predictThenLearn(batch);
        }
    }

    private static DriftSignal drift(double lossAfter) {
        return new DriftSignal(1, "p", "adwin", DriftLevel.DRIFT, 100, 0.5, 0.1, lossAfter, null, 0);
    }

    private static final StepOutcome APPLIED = new StepOutcome(StepOutcome.Status.APPLIED, 1, new double[2], 1, false);

    @Test
    void shouldGiveAResetHeadFreshParametersAndLeaveTheTrunkUntouched() {
        ModelConfig config = config("reset_head");
        MultiTaskTrainer backend = trainer(config);
        OnlineLearner learner = new OnlineLearner(config, backend);
        train(learner, 20, 1);
        byte[] trunk = groupState(backend, 0);
        byte[] headY = groupState(backend, 1);
        byte[] headP = groupState(backend, 2);
        DriftResponder responder = new DriftResponder(config, backend);

        List<DriftSignal> out = responder.afterStep(APPLIED, List.of(drift(0.4)), learner.drift(), 21);

        assertEquals(io.streammtl.config.DriftResponse.RESET_HEAD, out.get(0).response());
        assertArrayEquals(trunk, groupState(backend, 0), "trunk untouched");
        assertArrayEquals(headY, groupState(backend, 1), "other heads untouched");
        assertFalse(java.util.Arrays.equals(headP, groupState(backend, 2)), "the drifting head changed");
        assertEquals(0, backend.network().groups().get(2).steps(), "its optimiser state starts over");
        // Fresh means initialised like a new head: two learners with different histories reset to the same values.
        MultiTaskTrainer otherBackend = trainer(config);
        OnlineLearner other = new OnlineLearner(config, otherBackend);
        train(other, 7, 2);
        new DriftResponder(config, other.backend()).afterStep(APPLIED, List.of(drift(0.4)), other.drift(), 8);
        assertArrayEquals(groupState(backend, 2), groupState(otherBackend, 2));
    }

    @Test
    void shouldRollBackBitForBitToTheLastStateWithALowerLoss() throws Exception {
        ModelConfig config = config("rollback");
        OnlineLearner learner = new OnlineLearner(config);
        ModelBackend backend = learner.backend();
        DriftResponder responder = new DriftResponder(config, backend);
        train(learner, 30, 3);
        // Kept at version 32 (snapshot_every_steps 2): the state to return to.
        responder.afterStep(APPLIED, List.of(), learner.drift(), 32);
        byte[] kept = backendState(backend);
        double keptLoss = learner.drift().meanLoss(1, 0);
        train(learner, 5, 4);
        assertFalse(java.util.Arrays.equals(kept, backendState(backend)));

        List<DriftSignal> out = responder.afterStep(APPLIED, List.of(drift(keptLoss + 0.5)), learner.drift(), 37);

        assertEquals(io.streammtl.config.DriftResponse.ROLLBACK, out.get(0).response());
        assertArrayEquals(kept, backendState(backend), "restored bit for bit");
    }

    @Test
    void shouldNotRollBackWhenNoKeptStateWasBetter() {
        ModelConfig config = config("rollback");
        OnlineLearner learner = new OnlineLearner(config);
        DriftResponder responder = new DriftResponder(config, learner.backend());
        train(learner, 10, 5);
        responder.afterStep(APPLIED, List.of(), learner.drift(), 10);
        byte[] now = backendState(learner.backend());
        List<DriftSignal> out = responder.afterStep(APPLIED, List.of(drift(-1)), learner.drift(), 11);
        assertEquals(io.streammtl.config.DriftResponse.NONE, out.get(0).response());
        assertArrayEquals(now, backendState(learner.backend()));
    }

    @Test
    void shouldBoostTheHeadLearningRateForTheConfiguredSteps() {
        ModelConfig config = config("boost_lr");
        List<String> calls = new ArrayList<>();
        MultiTaskTrainer real = trainer(config);
        ModelBackend recording = new RecordingBackend(real, calls);
        OnlineLearner learner = new OnlineLearner(config, recording);
        DriftResponder responder = new DriftResponder(config, recording);
        responder.afterStep(APPLIED, List.of(drift(0.4)), learner.drift(), 1);
        for (int step = 2; step <= 5; step++) {
            responder.afterStep(APPLIED, List.of(), learner.drift(), step);
        }
        assertEquals(List.of("scale 1 5.0", "scale 1 1.0"), calls, "boosted, then back to 1 after 3 steps");
    }

    @Test
    void shouldDetectAnAbruptChangeInTheLearnerAndReportTheWindowLosses() {
        ModelConfig config = config("none");
        OnlineLearner learner = new OnlineLearner(config);
        SplittableRandom random = new SplittableRandom(7);
        ExampleBatch batch = ExampleBatch.forModel(config);
        List<DriftSignal> drifts = new ArrayList<>();
        long change = 4000;
        long seen = 0;
        while (seen < 8000) {
            batch.clear();
            while (!batch.isFull()) {
                float a = (float) random.nextDouble();
                float b = (float) random.nextDouble();
                int row = batch.add(new float[] {a, b});
                boolean label = seen++ < change ? a > b : a < b;
                batch.label(row, 1, label ? 1 : 0);
            }
            learner.predictThenLearn(batch);
            // ADWIN is two-sided: the falling error of a model still learning is a change too, so look for a rise.
            learner.lastSignals().stream().filter(s -> s.level() == DriftLevel.DRIFT && s.lossAfter() > s.lossBefore())
                    .forEach(drifts::add);
        }
        assertFalse(drifts.isEmpty(), "the inverted concept was detected");
        assertTrue(drifts.stream().allMatch(d -> d.examples() > change), "no rise in loss signalled before the change");
        DriftSignal first = drifts.get(0);
        assertTrue(first.examples() > change && first.examples() < change + 500, "detected at " + first.examples());
        assertTrue(first.lossAfter() > first.lossBefore(), first.toString());
        assertEquals("adwin", first.detector());
    }

    @Test
    void shouldContinueDriftDetectionIdenticallyAfterSnapshotAndRestore() {
        ModelConfig config = config("rollback");
        OnlineLearner first = new OnlineLearner(config);
        train(first, 40, 8);
        byte[] midway = first.snapshot();
        train(first, 40, 9);
        OnlineLearner second = new OnlineLearner(config);
        second.restore(midway);
        train(second, 40, 9);
        assertArrayEquals(first.snapshot(), second.snapshot());
    }

    private static DriftSignal signal(DriftLevel level) {
        return new DriftSignal(1, "p", "ddm", level, 100, 0.5, 0.1, 0.4, null, 0);
    }

    @Test
    void shouldTrainABackgroundHeadFromTheWarningAndSwapItInAtDrift() {
        ModelConfig config = config("background_head");
        MultiTaskTrainer backend = trainer(config);
        OnlineLearner learner = new OnlineLearner(config, backend);
        DriftResponder responder = new DriftResponder(config, backend);
        train(learner, 10, 1);
        List<DriftSignal> warned = responder.afterStep(APPLIED, List.of(signal(DriftLevel.WARNING)), learner.drift(), 10);
        assertEquals(io.streammtl.config.DriftResponse.BACKGROUND_HEAD, warned.get(0).response());
        assertTrue(backend.heads().hasBackgroundHead(1));
        train(learner, 10, 2);
        assertEquals(10, backend.network().backgroundGroup(1).steps(), "the background head learned from every step");
        List<float[]> shadowValues = values(backend.network().backgroundGroup(1));
        long shadowSteps = backend.network().backgroundGroup(1).steps();
        byte[] trunk = groupState(backend, 0);

        List<DriftSignal> drifted = responder.afterStep(APPLIED, List.of(signal(DriftLevel.DRIFT)), learner.drift(), 20);

        assertEquals(io.streammtl.config.DriftResponse.BACKGROUND_HEAD, drifted.get(0).response());
        assertFalse(backend.heads().hasBackgroundHead(1));
        assertArrayEquals(trunk, groupState(backend, 0), "the swap leaves the trunk alone");
        List<float[]> head = values(backend.network().groups().get(2));
        for (int i = 0; i < head.size(); i++) {
            assertArrayEquals(shadowValues.get(i), head.get(i), "parameter " + i + " came from the background head");
        }
        assertEquals(shadowSteps, backend.network().groups().get(2).steps());
    }

    private static List<float[]> values(io.streammtl.optim.ParameterGroup group) {
        List<float[]> out = new ArrayList<>();
        for (var p : group.parameters()) {
            float[] v = new float[p.size()];
            group.compute().copyOut(p.values(), v, v.length);
            out.add(v);
        }
        return out;
    }

    @Test
    void shouldNotLetABackgroundHeadTrainTheTrunk() {
        ModelConfig config = config("background_head");
        MultiTaskTrainer withBackend = trainer(config);
        MultiTaskTrainer withoutBackend = trainer(config);
        OnlineLearner with = new OnlineLearner(config, withBackend);
        OnlineLearner without = new OnlineLearner(config, withoutBackend);
        with.backend().heads().startBackgroundHead(1, 77);
        train(with, 15, 3);
        train(without, 15, 3);
        assertArrayEquals(groupState(withoutBackend, 0), groupState(withBackend, 0));
        assertArrayEquals(groupState(withoutBackend, 2), groupState(withBackend, 2));
        OnlineLearner restored = new OnlineLearner(config);
        restored.restore(with.snapshot());
        assertTrue(restored.backend().heads().hasBackgroundHead(1), "the background head is part of the snapshot");
        assertArrayEquals(with.snapshot(), restored.snapshot());
    }

    /** Records the learning-rate calls a responder makes, delegating everything to a real backend. */
    private record RecordingBackend(ModelBackend real, List<String> calls) implements ModelBackend, HeadControl {
        @Override
        public HeadControl heads() {
            return this;
        }

        public int inputs() {
            return real.inputs();
        }

        public int capacity() {
            return real.capacity();
        }

        public void predict(float[] x, int rows, float[][] outputs) {
            real.predict(x, rows, outputs);
        }

        public StepOutcome train(float[] x, int rows, float[][] labels, boolean[][] labeled, float[][] outputs) {
            return real.train(x, rows, labels, labeled, outputs);
        }

        public int stateBytes() {
            return real.stateBytes();
        }

        public double[] taskWeights() {
            return real.taskWeights();
        }

        public void writeState(ByteBuffer out) {
            real.writeState(out);
        }

        public void readState(ByteBuffer in) throws java.io.IOException {
            real.readState(in);
        }

        @Override
        public void readState(ByteBuffer in, io.streammtl.model.StateMapping mapping) throws java.io.IOException {
            real.readState(in, mapping);
        }

        public void setHeadLearningRateScale(int t, double scale) {
            calls.add("scale " + t + " " + scale);
            real.heads().setHeadLearningRateScale(t, scale);
        }

        public void resetHead(int t, long seed) {
            calls.add("reset " + t);
            real.heads().resetHead(t, seed);
        }

        public void startBackgroundHead(int t, long seed) {
            real.heads().startBackgroundHead(t, seed);
        }

        public boolean hasBackgroundHead(int t) {
            return real.heads().hasBackgroundHead(t);
        }

        public void promoteBackgroundHead(int t) {
            real.heads().promoteBackgroundHead(t);
        }

        public void dropBackgroundHead(int t) {
            real.heads().dropBackgroundHead(t);
        }

        public long parameterCount() {
            return real.parameterCount();
        }

        public String description() {
            return real.description();
        }

        public void setFeatureSets(int[] sets, int rows) {
            real.setFeatureSets(sets, rows);
        }

        public void setTargetScale(int t, double mean, double std) {
            real.setTargetScale(t, mean, std);
        }
    }
}
