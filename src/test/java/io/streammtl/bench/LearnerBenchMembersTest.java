package io.streammtl.bench;

import io.streammtl.config.ModelConfig;
import io.streammtl.config.ModelConfigLoader;
import io.streammtl.learn.ExampleBatch;
import io.streammtl.learn.OnlineLearner;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class LearnerBenchMembersTest {
    private static final ModelConfig FAMILY = ModelConfigLoader.parse("""
            seed: 3
            features: [{name: a}, {name: b}]
            tasks:
              - {name: y, kind: regression, per: shop}
              - {name: p, kind: binary}
            trunk: {layers: [8]}
            training: {batch_size: 32}
            """).model();

    @Test
    void shouldNameEveryMemberOnceAcrossTheCycleAndLeaveSingleTasksWithoutKeys() {
        List<ExampleBatch> cycle = LearnerBench.syntheticBatches(FAMILY, new SplittableRandom(1), 100);
        assertEquals(4, cycle.size(), "ceil(100 / 32) batches");
        Set<String> keys = new HashSet<>();
        for (ExampleBatch batch : cycle) {
            for (int r = 0; r < batch.size(); r++) {
                keys.add(batch.member(0, r));
                assertNull(batch.member(1, r), "the single task has no member");
            }
        }
        assertEquals(100, keys.size());
    }

    @Test
    void shouldCreateEveryMemberInTheLearnerWhenStepsGoOnceThroughTheCycle() {
        OnlineLearner learner = new OnlineLearner(FAMILY);
        for (ExampleBatch batch : LearnerBench.syntheticBatches(FAMILY, new SplittableRandom(1), 100)) {
            learner.predictThenLearn(batch);
        }
        assertEquals(100, learner.backend().members(0).size());
    }
}
