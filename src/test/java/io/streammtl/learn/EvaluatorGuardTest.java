package io.streammtl.learn;

import io.streammtl.config.ModelConfig;
import io.streammtl.config.ModelConfigLoader;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Offline evaluation keeps the same rows from the model as the service dead-letters, and counts them. */
class EvaluatorGuardTest {
    private static final String SPEC = """
            name: offline
            seed: 9
            features: [{name: a}, {name: b}, {name: c, range: {min: -100, max: 100}}]
            tasks:
              - {name: y, kind: regression}
              - {name: z, kind: regression, label_range: {min: -50, max: 50}}
              - {name: p, kind: binary}
            trunk: {layers: [8]}
            optimizer: {kind: adam, lr: 0.01}
            training: {batch_size: 8}
            preprocessing: {outlier_guard: {deviations: 50, min_count: 40}}
            """;

    private static List<Example> clean(int rows, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Example> out = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            float a = (float) random.nextGaussian();
            float b = (float) (random.nextDouble() * 4);
            float c = (float) (random.nextGaussian() * 10);
            float y = a + 2 * b + (float) random.nextGaussian() * 0.1f;
            float z = a - 0.1f * c;
            out.add(new Example(i, new float[] {a, b, c}, new float[] {y, z, y > 4 ? 1 : 0},
                    new boolean[] {true, i % 3 != 0, true}));
        }
        return out;
    }

    private static Example with(Example e, int index, float value, boolean label) {
        float[] inputs = e.inputs().clone();
        float[] labels = e.labels().clone();
        boolean[] labeled = e.labeled().clone();
        if (label) {
            labels[index] = value;
            labeled[index] = true;
        } else {
            inputs[index] = value;
        }
        return new Example(e.line(), inputs, labels, labeled);
    }

    /**
     * The clean rows with absurd copies interleaved: from the first row, ones outside the ranges; from row 100 on
     * (the guard armed), 1e30 labels and features and labels ×1e6 where no range applies.
     */
    private static List<Example> dirty(List<Example> clean) {
        List<Example> out = new ArrayList<>();
        for (int i = 0; i < clean.size(); i++) {
            Example e = clean.get(i);
            out.add(e);
            if (i % 25 == 3) {
                out.add(with(e, 1, 1e30f, true));     // z: label-out-of-range
                out.add(with(e, 2, 1e30f, false));    // c: feature-out-of-range
            }
            if (i >= 100 && i % 25 == 7) {
                out.add(with(e, 0, 1e30f, true));                   // y: label-outlier
                out.add(with(e, 0, e.labels()[0] * 1e6f, true));    // y ×1e6: label-outlier
            }
            if (i >= 100 && i % 25 == 19) {
                out.add(with(e, 1 - i % 2, 1e30f, false));          // a or b: feature-outlier
            }
        }
        return out;
    }

    @Test
    void shouldLearnTheSameModelFromAStreamWithAbsurdRowsAsWithoutThem() {
        ModelConfig config = ModelConfigLoader.parse(SPEC).model();
        List<Example> train = clean(400, 1);
        List<Example> test = clean(60, 2);
        List<Example> dirtyTest = new ArrayList<>(test);
        dirtyTest.add(with(test.get(0), 2, -1e30f, false));
        EvaluationResult a = Evaluator.run("clean", config, train, test, 2, n -> { });
        EvaluationResult b = Evaluator.run("dirty", config, dirty(train), dirtyTest, 2, n -> { });

        assertEquals(a.steps(), b.steps());
        for (int t = 0; t < config.tasks().size(); t++) {
            TaskEvaluation x = a.tasks().get(t);
            TaskEvaluation y = b.tasks().get(t);
            assertEquals(x.prequential(), y.prequential(), "prequential metrics of task " + t);
            assertEquals(x.test(), y.test(), "test metrics of task " + t);
            assertTrue(java.util.Arrays.equals(x.predicted(), y.predicted()), "test predictions of task " + t);
        }
        // 16 rows of 400 are at i % 25 == 3, and 12 of rows 100-399 at i % 25 == 7 and at 19; two passes.
        assertEquals(Map.of("label-out-of-range", 32L, "feature-out-of-range", 32L, "label-outlier", 48L,
                "feature-outlier", 24L), b.rejectedRows());
        assertEquals(Map.of("feature-out-of-range", 1L), b.rejectedTestRows());
        assertEquals(Map.of(), a.rejectedRows());
        assertEquals(32 + 32 + 48 + 24, b.examples() - a.examples(), "rejected rows are streamed, and counted");
    }

    @Test
    void shouldBeWreckedByTheSameRowsWithoutTheGuardOrRanges() {
        // The control: the test above would fail if the rows reached the model. (A 1e30 feature alone makes its
        // batch's loss overflow, and the learner rejects that step; a 1e30 label is standardised with itself and
        // is learned, which is what wrecks the regression head.)
        ModelConfig unguarded = ModelConfigLoader.parse(SPEC.replace("{outlier_guard: {deviations: 50, min_count: 40}}",
                "{outlier_guard: off}").replace(", range: {min: -100, max: 100}", "")
                .replace(", label_range: {min: -50, max: 50}", "")).model();
        List<Example> train = clean(400, 1);
        List<Example> test = clean(60, 2);
        EvaluationResult a = Evaluator.run("clean", unguarded, train, test, 2, n -> { });
        EvaluationResult b = Evaluator.run("dirty", unguarded, dirty(train), test, 2, n -> { });
        double clean = a.tasks().get(0).test().get("mse");
        double wrecked = b.tasks().get(0).test().get("mse");
        assertTrue(!(wrecked < 1e6 * clean), "mse " + clean + " against " + wrecked);
    }
}
