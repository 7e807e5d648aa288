package io.streammtl.learn;

import io.streammtl.config.ModelConfig;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each task kind's behaviour lives in its {@link TaskType}: the link, the drift loss, the metric families, table
 * labels and synthetic labels.
 */
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

    @Test
    void shouldReadATableCellAsItsKindsLabel() {
        assertEquals(-2.5f, regression.tableLabel("-2.5", config.tasks().get(0)));
        assertEquals(1f, binary.tableLabel("1", config.tasks().get(1)));
        assertEquals(2f, multiclass.tableLabel("w", config.tasks().get(2)));
        assertEquals("'x' is not a number", assertThrows(IllegalArgumentException.class,
                () -> regression.tableLabel("x", config.tasks().get(0))).getMessage());
        assertEquals("'2' is not 0 or 1", assertThrows(IllegalArgumentException.class,
                () -> binary.tableLabel("2", config.tasks().get(1))).getMessage());
        assertEquals("'z' is not one of u, v, w", assertThrows(IllegalArgumentException.class,
                () -> multiclass.tableLabel("z", config.tasks().get(2))).getMessage());
    }

    @Test
    void shouldDrawRandomLabelsEachKindCanLearnFrom() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200; i++) {
            float coin = binary.randomLabel(random);
            float k = multiclass.randomLabel(random);
            assertTrue(coin == 0f || coin == 1f, "binary label " + coin);
            assertTrue(k == 0f || k == 1f || k == 2f, "class index " + k);
            assertTrue(Float.isFinite(regression.randomLabel(random)));
        }
    }
}
