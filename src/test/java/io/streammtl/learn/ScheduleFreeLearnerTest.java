package io.streammtl.learn;

import io.streammtl.config.ModelConfig;
import io.streammtl.config.ModelConfigLoader;
import io.streammtl.config.OptimizerKind;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Schedule-free AdamW through the learner: its z and second moment travel in the snapshot like Adam's moments. */
class ScheduleFreeLearnerTest {
    private static ModelConfig config() {
        ModelConfig config = ModelConfigLoader.parse(LearnerFixtures.SPEC.replace("optimizer: {kind: adam, lr: 0.01}",
                "optimizer: {kind: schedule_free_adamw, weight_decay: 0.01}")).model();
        assertEquals(OptimizerKind.SCHEDULE_FREE_ADAMW, config.optimizer().kind());
        return config;
    }

    @Test
    void shouldContinueIdenticallyAfterSnapshotAndRestore() {
        OnlineLearner uninterrupted = new OnlineLearner(config());
        LearnerFixtures.train(uninterrupted, new SplittableRandom(9), 25);
        byte[] midway = uninterrupted.snapshot();
        LearnerFixtures.train(uninterrupted, new SplittableRandom(10), 25);

        OnlineLearner restored = new OnlineLearner(config());
        restored.restore(midway);
        LearnerFixtures.train(restored, new SplittableRandom(10), 25);

        assertArrayEquals(uninterrupted.snapshot(), restored.snapshot());
    }
}
