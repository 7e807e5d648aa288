package io.streammtl.learn;

import io.streammtl.config.ModelConfig;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each task kind's behaviour lives in its {@link TaskType}: the link, the drift loss and the metric families. */
class TaskTypeTest {
    private final ModelConfig config = LearnerFixtures.config();
    private final TaskType regression = TaskType.of(config.tasks().get(0));
    private final TaskType binary = TaskType.of(config.tasks().get(1));
    private final TaskType multiclass = TaskType.of(config.tasks().get(2));

    @Test
    void shouldMapEachKindToItsOwnType() {
        assertInstanceOf(TaskType.Regression.class, regression);
        assertInstanceOf(TaskType.Binary.class, binary);
        assertEquals(new TaskType.Multiclass(3), multiclass);
    }

    @Test
    void shouldLinkRawOutputsToWhatIsPredicted() {
        float[] number = {2.5f, -1f};
        regression.link(number, 2);
        assertEquals(2.5f, number[0]);

        float[] logits = {0f, 2f};
        binary.link(logits, 2);
        assertEquals(0.5f, logits[0], 1e-7);
        assertEquals(1 / (1 + Math.exp(-2)), logits[1], 1e-7);

        float[] scores = {0f, 0f, 0f, 1f, 1f, 1f, 9f};
        multiclass.link(scores, 2);
        assertEquals(1 / 3f, scores[0], 1e-6);
        assertEquals(1f, scores[3] + scores[4] + scores[5], 1e-6);
        assertEquals(9f, scores[6], "rows past the first two are left alone");
    }

    @Test
    void shouldWatchTheSquaredStandardisedErrorForNumbersAndTheZeroOneErrorForClasses() {
        BatchPredictions predictions = new BatchPredictions(config, 4);
        predictions.raw()[0][0] = 3f;
        predictions.raw()[1][0] = 0.7f;
        float[] classes = predictions.raw()[2];
        classes[0] = 0.1f;
        classes[1] = 0.8f;
        classes[2] = 0.1f;
        predictions.reset(1, 0);

        assertEquals(4.0, regression.driftLoss(predictions, 0, 0, 1f, 1.0), 1e-12);
        assertEquals(1.0, regression.driftLoss(predictions, 0, 0, 1f, 2.0), 1e-12);
        assertEquals(0.0, binary.driftLoss(predictions, 1, 0, 1f, 1.0));
        assertEquals(1.0, binary.driftLoss(predictions, 1, 0, 0f, 1.0));
        assertEquals(0.0, multiclass.driftLoss(predictions, 2, 0, 1f, 1.0));
        assertEquals(1.0, multiclass.driftLoss(predictions, 2, 0, 2f, 1.0));
    }

    @Test
    void shouldScoreEachKindWithItsOwnMetricFamily() {
        assertEquals("mse", regression.curveMetric());
        assertEquals("accuracy", binary.curveMetric());
        assertEquals("accuracy", multiclass.curveMetric());
        assertTrue(regression.prequential(10).windowed().containsKey("r2"));
        assertTrue(binary.prequential(10).windowed().containsKey("auc"));
        assertTrue(multiclass.prequential(10).windowed().containsKey("macro_f1"));
        double[] truth = {1, 0, 1};
        double[] predicted = {0.9, 0.2, 0.4};
        assertEquals(2 / 3.0, binary.testMetrics(truth, predicted, null, null, 3).get("accuracy"), 1e-12);
        assertEquals(0.0, regression.testMetrics(truth, truth, null, null, 3).get("mse"), 1e-12);
    }
}
