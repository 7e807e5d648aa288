package io.streammtl.learn;

import io.streammtl.config.ModelConfig;
import io.streammtl.config.ModelConfigLoader;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The learner's default guard: values many running standard deviations out are rejected once armed. */
class OutlierGuardTest {
    /** a: 0..9 repeating (mean 4.5, sd √8.25); b: 1000 or 1001 (mean 1000.5, sd 0.5); y = a + 100. */
    static final String SPEC = """
            name: guard
            seed: 1
            features: [{name: a}, {name: b, missing: impute}]
            tasks:
              - {name: y, kind: regression}
              - {name: p, kind: binary}
            trunk: {layers: [4]}
            training: {batch_size: 10}
            preprocessing: {outlier_guard: %s}
            """;
    private static final double SD = Math.sqrt(8.25);

    static ModelConfig config(String guard) {
        return ModelConfigLoader.parse(SPEC.formatted(guard)).model();
    }

    /** Row {@code i} of the clean stream, labeled for both tasks. */
    static Example row(int i) {
        float a = i % 10;
        return example(a, 1000f + i % 2, a + 100);
    }

    /** An example with feature values a, b (null: missing) and regression label y (null: unlabeled). */
    static Example example(float a, Float b, Float y) {
        float[] inputs = {a, b == null ? 0 : b, b == null ? 1 : 0};
        return new Example(0, inputs, new float[] {y == null ? 0 : y, 1}, new boolean[] {y != null, true});
    }

    /** A learner after {@code batches} clean batches of 10 rows. */
    static OnlineLearner trained(ModelConfig config, int batches) {
        OnlineLearner learner = new OnlineLearner(config);
        ExampleBatch batch = ExampleBatch.forModel(config);
        for (int s = 0; s < batches; s++) {
            batch.clear();
            for (int r = 0; r < 10; r++) {
                Example e = row(s * 10 + r);
                int row = batch.add(e.inputs());
                batch.label(row, 0, e.labels()[0]);
                batch.label(row, 1, e.labels()[1]);
            }
            learner.predictThenLearn(batch);
        }
        return learner;
    }

    @Test
    void shouldNotJudgeUntilTheStatisticsHoldMinCountValues() {
        ModelConfig config = config("{deviations: 5, min_count: 20}");
        Example absurd = example(4, 1000f, 1e30f);
        assertNull(trained(config, 1).checkOutliers(absurd), "10 values seen: not armed");
        ValueRejection rejection = trained(config, 2).checkOutliers(absurd);
        assertEquals(ValueRejection.Kind.LABEL_OUTLIER, rejection.kind(), "20 values seen: armed");
        assertTrue(rejection.detail().startsWith("label of task 'y' is 1.0E30, "), rejection.detail());
    }

    @Test
    void shouldRejectAFeatureJustBeyondTheThresholdAndAcceptOneJustWithin() {
        OnlineLearner learner = trained(config("{deviations: 5, min_count: 20}"), 2);
        assertNull(learner.checkOutliers(example((float) (4.5 + 4.95 * SD), 1000f, 104f)));
        assertNull(learner.checkOutliers(example((float) (4.5 - 4.95 * SD), 1000f, 104f)));
        ValueRejection above = learner.checkOutliers(example((float) (4.5 + 5.05 * SD), 1000f, 104f));
        assertEquals(ValueRejection.Kind.FEATURE_OUTLIER, above.kind());
        assertTrue(above.detail().startsWith("feature 'a' is "), above.detail());
        assertEquals(ValueRejection.Kind.FEATURE_OUTLIER,
                learner.checkOutliers(example((float) (4.5 - 5.05 * SD), 1000f, 104f)).kind());
    }

    @Test
    void shouldRejectALabelJustBeyondTheThresholdAndAcceptOneJustWithin() {
        OnlineLearner learner = trained(config("{deviations: 5, min_count: 20}"), 2);
        assertNull(learner.checkOutliers(example(4, 1000f, (float) (104.5 + 4.95 * SD))));
        assertEquals(ValueRejection.Kind.LABEL_OUTLIER,
                learner.checkOutliers(example(4, 1000f, (float) (104.5 + 5.05 * SD))).kind());
        assertEquals(ValueRejection.Kind.LABEL_OUTLIER,
                learner.checkOutliers(example(4, 1000f, (float) (104.5 - 5.05 * SD))).kind());
    }

    @Test
    void shouldJudgeWithTheDefaultThresholdWhenNotConfigured() {
        OnlineLearner learner = trained(ModelConfigLoader.parse(SPEC.replace(
                "preprocessing: {outlier_guard: %s}\n", "")).model(), 10);
        assertNull(learner.checkOutliers(example((float) (4.5 + 49 * SD), 1000f, 104f)), "within 50 sd");
        assertEquals(ValueRejection.Kind.FEATURE_OUTLIER,
                learner.checkOutliers(example((float) (4.5 + 51 * SD), 1000f, 104f)).kind());
    }

    @Test
    void shouldJudgeNothingWhenOff() {
        OnlineLearner learner = trained(config("off"), 5);
        assertNull(learner.checkOutliers(example(1e30f, 1e30f, 1e30f)));
    }

    @Test
    void shouldNotJudgeAMissingValueButJudgeAPresentOne() {
        OnlineLearner learner = trained(config("{deviations: 5, min_count: 20}"), 2);
        // A missing b travels as 0 with its indicator set: 2001 sd from b's mean, were it judged.
        assertNull(learner.checkOutliers(example(4, null, 104f)));
        assertEquals(ValueRejection.Kind.FEATURE_OUTLIER, learner.checkOutliers(example(4, 0f, 104f)).kind());
    }

    @Test
    void shouldNotJudgeAnUnlabeledTask() {
        OnlineLearner learner = trained(config("{deviations: 5, min_count: 20}"), 2);
        assertNull(learner.checkOutliers(example(4, 1000f, null)));
    }

    @Test
    void shouldNotJudgeValuesTheLearnerKeepsNoStatisticsFor() {
        ModelConfig config = ModelConfigLoader.parse(SPEC.formatted("{deviations: 5, min_count: 20}").replace(
                "preprocessing: {", "preprocessing: {standardize_features: false, standardize_targets: false, ")).model();
        OnlineLearner learner = trained(config, 5);
        assertNull(learner.checkOutliers(example(1e30f, 1000f, 1e30f)), "a and y are not standardised");
        // b imputes its running mean, so its statistics are kept and judged all the same.
        assertEquals(ValueRejection.Kind.FEATURE_OUTLIER, learner.checkOutliers(example(4, 1e30f, 104f)).kind());
    }

    @Test
    void shouldJudgeWithTheStatisticsRestoredFromASnapshot() {
        ModelConfig config = config("{deviations: 5, min_count: 20}");
        OnlineLearner restored = new OnlineLearner(config);
        restored.restore(trained(config, 2).snapshot());
        assertEquals(ValueRejection.Kind.LABEL_OUTLIER, restored.checkOutliers(example(4, 1000f, 1e30f)).kind());
    }

    @Test
    void shouldUseTheDeadLetterCodesOfTheStream() {
        assertEquals("label-out-of-range", ValueRejection.Kind.LABEL_OUT_OF_RANGE.code());
        assertEquals("feature-outlier", ValueRejection.Kind.FEATURE_OUTLIER.code());
    }
}
