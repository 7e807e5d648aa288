package io.streammtl.learn;

import io.streammtl.config.ModelConfig;
import io.streammtl.config.ModelConfigLoader;

import java.util.SplittableRandom;

/** Small specs and seeded synthetic batches shared by the learner tests. */
final class LearnerFixtures {
    static final String SPEC = """
            name: small
            seed: 3
            features: [{name: a}, {name: b}, {name: c}, {name: kind, type: categorical, vocabulary: [x, y]}]
            tasks:
              - {name: y, kind: regression}
              - {name: p, kind: binary}
              - {name: k, kind: multiclass, classes: [u, v, w]}
            trunk: {layers: [8, 8]}
            optimizer: {kind: adam, lr: 0.01}
            training: {batch_size: 16, clip_norm: 5}
            """;

    private LearnerFixtures() {
    }

    static ModelConfig config() {
        return ModelConfigLoader.parse(SPEC).model();
    }

    static ModelConfig config(String extra) {
        return ModelConfigLoader.parse(SPEC + extra).model();
    }

    /** Fills {@code batch} with a full batch drawn from a fixed linear problem; task labels are partial. */
    static void fill(ExampleBatch batch, SplittableRandom random) {
        batch.clear();
        while (!batch.isFull()) {
            float a = (float) (random.nextDouble() * 10);
            float b = (float) (random.nextDouble() * 2 - 1);
            float c = (float) (random.nextDouble() * 100);
            boolean x = random.nextBoolean();
            int row = batch.add(new float[] {a, b, c, x ? 1 : 0, x ? 0 : 1, 0});
            double signal = 0.5 * a + 3 * b + (x ? 2 : -2);
            if (random.nextDouble() < 0.8) {
                batch.label(row, 0, (float) (signal + random.nextDouble() - 0.5));
            }
            if (random.nextDouble() < 0.7) {
                batch.label(row, 1, signal > 2.5 ? 1 : 0);
            }
            if (random.nextDouble() < 0.6) {
                batch.label(row, 2, signal < 0 ? 0 : signal < 4 ? 1 : 2);
            }
        }
    }

    /** Runs {@code steps} full batches from a seeded stream through the learner. */
    static void train(OnlineLearner learner, SplittableRandom random, int steps) {
        ExampleBatch batch = ExampleBatch.forModel(learner.config());
        for (int s = 0; s < steps; s++) {
            fill(batch, random);
            learner.predictThenLearn(batch);
        }
    }
}
