package io.streammtl.learn;

import io.streammtl.config.ModelConfig;
import io.streammtl.config.ModelConfigLoader;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A snapshot restored under a changed spec: what still fits keeps its parameters and optimiser state, so the old
 * tasks predict bit for bit as before; new tasks and features start fresh, removed ones are dropped, and a change
 * that cannot carry over is refused with one message naming it.
 */
class SpecCarryOverTest {
    private static final int TRAINED = 320;
    private static final int HELD_FROM = 1500;
    private static final int HELD_TO = 1532;

    @Test
    void shouldPredictTheOldTasksBitForBitAfterAddingATaskAndAFeature() {
        ModelConfig before = EvolvedSpecs.wine();
        OnlineLearner old = EvolvedSpecs.trained(before, TRAINED);
        ModelConfig after = EvolvedSpecs.withTaskAndFeature();
        OnlineLearner evolved = new OnlineLearner(after);

        evolved.restore(old.snapshot());

        BatchPredictions expected = old.predict(EvolvedSpecs.batch(before, HELD_FROM, HELD_TO));
        BatchPredictions actual = evolved.predict(EvolvedSpecs.batch(after, HELD_FROM, HELD_TO));
        for (int t = 0; t < 2; t++) {
            for (int r = 0; r < HELD_TO - HELD_FROM; r++) {
                assertEquals(Float.floatToIntBits(expected.value(t, r)), Float.floatToIntBits(actual.value(t, r)),
                        "task " + t + ", row " + r);
            }
        }
        assertEquals(old.counters().applied(), evolved.counters().applied());
        assertTrue(evolved.carriedOver().contains("tasks added [very_good]"), evolved.carriedOver());
        assertTrue(evolved.carriedOver().contains("features added [alcohol_squared_proxy]"), evolved.carriedOver());
    }

    @Test
    void shouldKeepTheKeptHeadsOptimiserStateAndStartTheNewHeadFresh() {
        OnlineLearner old = EvolvedSpecs.trained(EvolvedSpecs.wine(), TRAINED);
        OnlineLearner evolved = new OnlineLearner(EvolvedSpecs.withTaskAndFeature());

        evolved.restore(old.snapshot());

        SnapshotLayout before = SnapshotLayout.of(old.snapshot());
        SnapshotLayout after = SnapshotLayout.of(evolved.snapshot());
        assertEquals(steps(before, "trunk"), steps(after, "trunk"));
        assertEquals(steps(before, "head.quality"), steps(after, "head.quality"));
        assertEquals(steps(before, "head.good"), steps(after, "head.good"));
        assertTrue(steps(before, "head.good") > 0);
        assertEquals(0, steps(after, "head.very_good"));
        assertEquals(List.of("quality", "good", "very_good"),
                after.spec().tasks().stream().map(SnapshotSpec.Task::name).toList());
    }

    @Test
    void shouldKeepLearningAfterTheCarryOver() {
        OnlineLearner old = EvolvedSpecs.trained(EvolvedSpecs.wine(), TRAINED);
        ModelConfig after = EvolvedSpecs.withTaskAndFeature();
        OnlineLearner evolved = new OnlineLearner(after);
        evolved.restore(old.snapshot());
        long applied = evolved.counters().applied();

        evolved.predictThenLearn(EvolvedSpecs.batch(after, TRAINED, TRAINED + 32));

        assertEquals(applied + 1, evolved.counters().applied());
        assertTrue(Float.isFinite(evolved.predict(EvolvedSpecs.batch(after, HELD_FROM, HELD_TO)).value(2, 0)));
    }

    @Test
    void shouldDropARemovedTaskAndKeepTheOthers() {
        ModelConfig before = EvolvedSpecs.wine();
        OnlineLearner old = EvolvedSpecs.trained(before, TRAINED);
        ModelConfig after = before.withTasks(List.of(before.tasks().get(0)));
        OnlineLearner evolved = new OnlineLearner(after);

        evolved.restore(old.snapshot());

        float expected = old.predict(EvolvedSpecs.batch(before, HELD_FROM, HELD_FROM + 1)).value(0, 0);
        float actual = evolved.predict(EvolvedSpecs.batch(after, HELD_FROM, HELD_FROM + 1)).value(0, 0);
        assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(actual));
        assertTrue(evolved.carriedOver().contains("removed [good]"), evolved.carriedOver());
        assertEquals(List.of("trunk", "head.quality"),
                SnapshotLayout.of(evolved.snapshot()).groups().stream().map(SnapshotLayout.Group::name).toList());
    }

    @Test
    void shouldRestoreTheSameSpecWithoutCarryingOver() {
        OnlineLearner old = EvolvedSpecs.trained(EvolvedSpecs.wine(), TRAINED);
        OnlineLearner same = new OnlineLearner(EvolvedSpecs.wine());

        same.restore(old.snapshot());

        assertNull(same.carriedOver());
    }

    @Test
    void shouldRefuseATrunkAndKindChangeNamingEachAndHowToStartFresh() {
        OnlineLearner old = EvolvedSpecs.trained(EvolvedSpecs.wine(), 64);
        ModelConfig after = EvolvedSpecs.changed("layers: [64, 64]", "layers: [32, 64]");
        byte[] snapshot = old.snapshot();

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new OnlineLearner(after).restore(snapshot));

        assertTrue(refused.getMessage().contains("trunk [64, 64] relu -> [32, 64] relu"), refused.getMessage());
        assertTrue(refused.getMessage().contains("serve --reset-model"), refused.getMessage());
    }

    @Test
    void shouldRefuseATaskWhoseKindChanged() {
        OnlineLearner old = EvolvedSpecs.trained(EvolvedSpecs.wine(), 64);
        ModelConfig after = EvolvedSpecs.changed(
                "kind: binary\n    loss: bce\n    weight: 1.0\n    label: {column: quality, threshold: 6}\n"
                        + "    quality_floor: {metric: accuracy, min: 0.65}",
                "kind: regression\n    loss: mse\n    weight: 1.0\n    label: {column: quality}\n"
                        + "    quality_floor: {metric: r2, min: 0.2}");
        byte[] snapshot = old.snapshot();

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new OnlineLearner(after).restore(snapshot));

        assertTrue(refused.getMessage().contains("task 'good' binary -> regression"), refused.getMessage());
    }

    @Test
    void shouldRefuseATaskChangeInAModelWithTaskSpecificInputs() {
        ModelConfig before = TaskInputsFixtures.config();
        OnlineLearner old = new OnlineLearner(before);
        TaskInputsFixtures.train(old, new java.util.SplittableRandom(3), 4);
        ModelConfig after = ModelConfigLoader.parse(TaskInputsFixtures.SPEC.replace(
                "  - {name: dear, kind: binary", "  - {name: cheap, kind: binary, features: [size]}\n"
                        + "  - {name: dear, kind: binary")).model();
        byte[] snapshot = old.snapshot();

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new OnlineLearner(after).restore(snapshot));

        assertTrue(refused.getMessage().contains(
                "tasks [house, flat, dear] -> [house, flat, cheap, dear] in a model with task-specific inputs"),
                refused.getMessage());
        OnlineLearner same = new OnlineLearner(before);
        same.restore(snapshot);
        assertEquals(old.counters().applied(), same.counters().applied());
    }

    private static long steps(SnapshotLayout layout, String group) {
        return layout.groups().stream().filter(g -> g.name().equals(group)).findFirst().orElseThrow().steps();
    }
}
