package io.streammtl.learn;

import io.streammtl.config.ModelConfig;
import io.streammtl.config.ModelConfigLoader;

import java.util.SplittableRandom;

/** A small housing-like spec with every input feature of the task-inputs work, and seeded batches for it. */
final class TaskInputsFixtures {
    static final String SPEC = """
            name: homes
            seed: 5
            features:
              - {name: size}
              - {name: rooms, missing: impute}
              - {name: baths, missing: impute, impute_value: 1}
              - {name: place, type: categorical, vocabulary: [town, farm], encoding: embedding, embedding_dim: 2, missing: impute}
              - {name: street, type: categorical, hash_buckets: 4}
            tasks:
              - {name: house, kind: regression, features: [size, rooms, baths]}
              - {name: flat, kind: regression, features: [size, rooms, place, street], inputs_from: {task: house, gradient: true}}
              - {name: dear, kind: binary, features: [size, rooms, place, street]}
            projection: {width: 6}
            coherence:
              - {tasks: [dear, flat], threshold: 150, temperature: 10, weight: 0.5}
            trunk: {layers: [8]}
            optimizer: {kind: adam, lr: 0.01}
            training: {batch_size: 16}
            """;

    private TaskInputsFixtures() {
    }

    static ModelConfig config() {
        return ModelConfigLoader.parse(SPEC).model();
    }

    /** Raw width: size 1, rooms 2, baths 2, place 1 (embedded), street 4 (one-hot). */
    static final int WIDTH = 10;

    /** One row; {@code house} rows are feature set 0, flats set 1; a negative rooms value is missing. */
    static float[] row(boolean house, double size, double rooms, double baths, int place, int street) {
        float[] x = new float[WIDTH];
        x[0] = (float) size;
        if (rooms < 0) {
            x[2] = 1;
        } else {
            x[1] = (float) rooms;
        }
        if (house) {
            x[3] = (float) baths;
        } else {
            x[5] = place;
            x[6 + street] = 1;
        }
        return x;
    }

    static void fill(ExampleBatch batch, SplittableRandom random, boolean housesOnly) {
        batch.clear();
        while (!batch.isFull()) {
            boolean house = housesOnly || random.nextDouble() < 0.3;
            double size = 30 + 150 * random.nextDouble();
            double rooms = random.nextDouble() < 0.1 ? -1 : Math.round(size / 35);
            double baths = 1 + random.nextInt(3);
            int place = random.nextInt(4);
            int street = random.nextInt(4);
            int row = batch.add(row(house, size, rooms, baths, place, street), house ? 0 : 1);
            double price = 2 * size + 20 * Math.max(rooms, 2);
            if (house) {
                batch.label(row, 0, (float) (price + 30 * baths + random.nextGaussian() * 5));
            } else {
                double flat = price * (place == 0 ? 1.4 : 1.0) + random.nextGaussian() * 5;
                if (random.nextDouble() < 0.8) {
                    batch.label(row, 1, (float) flat);
                }
                if (random.nextDouble() < 0.5) {
                    batch.label(row, 2, flat >= 150 ? 1 : 0);
                }
            }
        }
    }

    static void train(OnlineLearner learner, SplittableRandom random, int steps) {
        ExampleBatch batch = ExampleBatch.forModel(learner.config());
        for (int s = 0; s < steps; s++) {
            fill(batch, random, false);
            learner.predictThenLearn(batch);
        }
    }
}
