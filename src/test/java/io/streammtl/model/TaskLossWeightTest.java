package io.streammtl.model;

import io.streammtl.config.DriftConfig;
import io.streammtl.config.LabelSource;
import io.streammtl.config.LossKind;
import io.streammtl.config.TaskConfig;
import io.streammtl.config.TaskKind;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A row of example weight 2 counts in a task's loss and gradient exactly as that row twice, for every loss. */
class TaskLossWeightTest {
    private static final List<TaskConfig> TASKS = List.of(
            new TaskConfig("mse", TaskKind.REGRESSION, List.of(), LossKind.MSE, 1, 1, new LabelSource.Column("a"),
                    DriftConfig.none()),
            new TaskConfig("huber", TaskKind.REGRESSION, List.of(), LossKind.HUBER, 0.4, 1,
                    new LabelSource.Column("a"), DriftConfig.none()),
            new TaskConfig("bce", TaskKind.BINARY, List.of(), LossKind.BCE, 1, 1, new LabelSource.Column("a"),
                    DriftConfig.none()),
            new TaskConfig("ce", TaskKind.MULTICLASS, List.of("x", "y", "z"), LossKind.CROSS_ENTROPY, 1, 1,
                    new LabelSource.Column("a"), DriftConfig.none()));

    @Test
    void shouldCountARowOfWeightTwoAsThatRowTwice() {
        for (TaskConfig task : TASKS) {
            int w = task.outputs();
            float[] z = {0.3f, -1.2f, 0.8f, 2.0f, -0.5f, 0.1f, 1.4f, 0.2f, -0.9f};
            float[] labels = task.kind() == TaskKind.MULTICLASS ? new float[] {2, 0, 1} : new float[] {1, 0, 1};
            boolean[] labeled = {true, true, false};
            TaskLoss loss = new TaskLoss(task);
            float[] weightedGradient = new float[3 * w];
            double weighted = loss.lossAndGradient(z, labels, labeled, new float[] {2, 1, 5}, 3, 0.7,
                    weightedGradient);
            // The same rows with row 0 written twice: rows 0, 0, 1 (and the unlabeled row 2 left out).
            float[] zTwice = new float[3 * w];
            System.arraycopy(z, 0, zTwice, 0, w);
            System.arraycopy(z, 0, zTwice, w, w);
            System.arraycopy(z, w, zTwice, 2 * w, w);
            float[] twiceGradient = new float[3 * w];
            double twice = loss.lossAndGradient(zTwice, new float[] {labels[0], labels[0], labels[1]},
                    new boolean[] {true, true, true}, 3, 0.7, twiceGradient);
            assertEquals(twice, weighted, 1e-12, task.name());
            for (int c = 0; c < w; c++) {
                assertEquals(twiceGradient[c] + twiceGradient[w + c], weightedGradient[c], 1e-7, task.name());
                assertEquals(twiceGradient[2 * w + c], weightedGradient[w + c], 1e-7, task.name());
                assertEquals(0f, weightedGradient[2 * w + c], "unlabeled row: no gradient, whatever its weight");
            }
            float[] plain = new float[3 * w];
            float[] ones = new float[3 * w];
            loss.lossAndGradient(z, labels, labeled, 3, 0.7, plain);
            loss.lossAndGradient(z, labels, labeled, new float[] {1, 1, 1}, 3, 0.7, ones);
            assertArrayEquals(plain, ones, task.name() + ": weights of 1 are no weights, bit for bit");
        }
    }
}
