package io.streammtl.learn;

import io.streammtl.config.ModelConfig;
import io.streammtl.config.ModelConfigLoader;
import io.streammtl.learn.metrics.MetricKeys;
import io.streammtl.model.MemberDeviations;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A task family learns a deviation per member on top of the family head: a member appears on its first label,
 * predicts with the family head until then, learns what the family head alone cannot, and survives snapshots and
 * replays bit for bit.
 */
class FamilyLearnerTest {
    private static final int ENTITIES = 10;

    private static final String SPEC = """
            name: fam
            seed: 7
            features: [{name: u}, {name: v}]
            tasks:
              - {name: y, kind: regression%s}
            trunk: {layers: [8]}
            optimizer: {kind: adam, lr: 0.02}
            training: {batch_size: 16}
            metrics: {window: 400}
            """;

    private static ModelConfig family() {
        return ModelConfigLoader.parse(SPEC.formatted(", per: entity, family: {shrink: 0.0001}")).model();
    }

    private static ModelConfig pooled() {
        return ModelConfigLoader.parse(SPEC.formatted("")).model();
    }

    /** Rows of entities whose targets differ by an offset per entity: y = 2u − v + (e − 4.5) + noise. */
    private static List<Example> entities(int rows, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Example> out = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            int e = random.nextInt(ENTITIES);
            float u = (float) (random.nextDouble() * 2 - 1);
            float v = (float) (random.nextDouble() * 2 - 1);
            float y = (float) (2 * u - v + (e - 4.5) + 0.1 * random.nextGaussian());
            out.add(new Example(i, new float[] {u, v}, new float[] {y}, new boolean[] {true}, 0,
                    new String[] {"e" + e}));
        }
        return out;
    }

    private static List<float[]> run(OnlineLearner learner, List<Example> rows) {
        List<float[]> served = new ArrayList<>();
        ExampleBatch batch = ExampleBatch.forModel(learner.config());
        for (Example example : rows) {
            int row = batch.add(example);
            if (example.labeled()[0]) {
                batch.label(row, 0, example.labels()[0]);
            }
            if (batch.isFull()) {
                BatchPredictions predictions = learner.predictThenLearn(batch);
                served.add(predictions.outputs(0).clone());
                batch.clear();
            }
        }
        return served;
    }

    private static Example keyed(Example e, String key, boolean labeled) {
        return new Example(e.line(), e.inputs(), e.labels(), new boolean[] {labeled}, 0, new String[] {key});
    }

    @Test
    void shouldCreateAMemberOnItsFirstLabeledExampleOnly() {
        OnlineLearner learner = new OnlineLearner(family());
        List<Example> rows = entities(16, 1);
        ExampleBatch batch = ExampleBatch.forModel(learner.config());
        batch.add(keyed(rows.get(0), "new", false));
        learner.predict(batch);
        List<Example> unlabeled = new ArrayList<>();
        rows.forEach(e -> unlabeled.add(keyed(e, "quiet", false)));
        run(learner, unlabeled);
        MemberDeviations members = learner.backend().members(0);
        assertEquals(0, members.size(), "predictions and unlabeled examples create no member");
        run(learner, rows);
        assertTrue(members.size() > 0);
        assertFalse(members.contains("quiet"));
        assertTrue(members.contains(rows.get(0).member(0)));
    }

    @Test
    void shouldPredictANewMemberExactlyAsTheFamilyHead() {
        OnlineLearner learner = new OnlineLearner(family());
        run(learner, entities(800, 2));
        Example probe = entities(1, 3).get(0);
        ExampleBatch batch = ExampleBatch.forModel(learner.config());
        batch.add(keyed(probe, null, false));
        batch.add(keyed(probe, "never-seen", false));
        batch.add(keyed(probe, "e3", false));
        BatchPredictions predictions = learner.predict(batch);
        assertEquals(Float.floatToIntBits(predictions.value(0, 0)), Float.floatToIntBits(predictions.value(0, 1)),
                "an unknown member predicts with the family head");
        assertTrue(predictions.value(0, 2) != predictions.value(0, 0), "a known member adds its deviation");
        batch.clear();
        batch.label(batch.add(keyed(probe, "first-label", true)), 0, probe.labels()[0]);
        BatchPredictions served = learner.predictThenLearn(batch);
        assertEquals(Float.floatToIntBits(predictions.value(0, 0)), Float.floatToIntBits(served.value(0, 0)),
                "a member's first labeled example is predicted by the family head");
        assertTrue(learner.backend().members(0).contains("first-label"));
    }

    @Test
    void shouldLearnAPerMemberOffsetThatThePooledHeadCannot() {
        List<Example> rows = entities(4000, 4);
        OnlineLearner family = new OnlineLearner(family());
        OnlineLearner pooled = new OnlineLearner(pooled());
        run(family, rows);
        run(pooled, rows);
        double familyMse = family.metrics(0).windowed().get(MetricKeys.MSE);
        double pooledMse = pooled.metrics(0).windowed().get(MetricKeys.MSE);
        assertTrue(pooledMse > 5, "the offsets' variance is 8.25: pooled " + pooledMse);
        assertTrue(familyMse < 0.1 * pooledMse, "family " + familyMse + " vs pooled " + pooledMse);
        assertEquals(ENTITIES, family.backend().members(0).size());
    }

    @Test
    void shouldContinueBitForBitAfterASnapshotAndGiveTheSameBitsOnReplay() {
        List<Example> first = entities(480, 5);
        List<Example> second = entities(320, 6);
        OnlineLearner straight = new OnlineLearner(family());
        run(straight, first);
        byte[] midway = straight.snapshot();
        List<float[]> straightServed = run(straight, second);

        OnlineLearner restored = new OnlineLearner(family());
        restored.restore(midway);
        List<float[]> restoredServed = run(restored, second);
        for (int b = 0; b < straightServed.size(); b++) {
            assertArrayEquals(straightServed.get(b), restoredServed.get(b), "batch " + b);
        }
        assertArrayEquals(straight.snapshot(), restored.snapshot());

        OnlineLearner replay = new OnlineLearner(family());
        run(replay, first);
        List<float[]> replayServed = run(replay, second);
        for (int b = 0; b < straightServed.size(); b++) {
            assertArrayEquals(straightServed.get(b), replayServed.get(b), "replayed batch " + b);
        }
    }

    @Test
    void shouldKeepMembersWhenOnlyTheFamilySettingsChange() {
        OnlineLearner old = new OnlineLearner(family());
        run(old, entities(320, 7));
        OnlineLearner evolved = new OnlineLearner(ModelConfigLoader.parse(SPEC.formatted(
                ", per: entity, family: {shrink: 0.01, max_members: 4}")).model());
        evolved.restore(old.snapshot());
        assertNull(evolved.carriedOver(), "settings are not layout: a plain restore");
        assertEquals(old.backend().members(0).keys(), evolved.backend().members(0).keys(),
                "members stay until the next step evicts");
        run(evolved, entities(16, 8));
        assertEquals(4, evolved.backend().members(0).size());
    }

    @Test
    void shouldCarryAnUnchangedFamilysMembersIntoASpecWithAnotherTask() {
        OnlineLearner old = new OnlineLearner(family());
        run(old, entities(320, 10));
        ModelConfig grown = ModelConfigLoader.parse(SPEC.formatted(", per: entity, family: {shrink: 0.0001}")
                .replace("tasks:\n", "tasks:\n  - {name: extra, kind: binary}\n")).model();
        OnlineLearner evolved = new OnlineLearner(grown);
        evolved.restore(old.snapshot());
        assertTrue(evolved.carriedOver().contains("tasks added [extra]"), evolved.carriedOver());
        MemberDeviations before = old.backend().members(0);
        MemberDeviations after = evolved.backend().members(1);
        assertEquals(before.keys(), after.keys());
        for (String key : before.keys()) {
            assertArrayEquals(before.deviation(key), after.deviation(key), key);
        }
    }

    @Test
    void shouldRefuseAChangedKeyField() {
        OnlineLearner old = new OnlineLearner(family());
        run(old, entities(32, 9));
        OnlineLearner rekeyed = new OnlineLearner(ModelConfigLoader.parse(SPEC.formatted(", per: [entity, site]"))
                .model());
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> rekeyed.restore(old.snapshot()));
        assertTrue(refused.getMessage().contains("task 'y' per entity -> entity/site"), refused.getMessage());
        OnlineLearner single = new OnlineLearner(pooled());
        IllegalArgumentException unkeyed = assertThrows(IllegalArgumentException.class,
                () -> single.restore(old.snapshot()));
        assertTrue(unkeyed.getMessage().contains("(none: a single task)"), unkeyed.getMessage());
    }
}
