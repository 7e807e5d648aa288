package io.streammtl.learn.auto;

import io.streammtl.config.AutoConfig;
import io.streammtl.config.ConfigOverride;
import io.streammtl.config.ModelConfig;
import io.streammtl.config.ModelConfigLoader;
import io.streammtl.learn.Example;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** A small two-task spec, variants of it and a seeded stationary stream for the champion/challenger tests. */
final class AutoFixtures {
    static final String SPEC = """
            name: small
            seed: 3
            features: [{name: a}, {name: b}, {name: c}]
            tasks:
              - {name: y, kind: regression}
              - {name: p, kind: binary}
            trunk: {layers: [8]}
            optimizer: {kind: adam, lr: 0.01}
            training: {batch_size: 8}
            """;

    private AutoFixtures() {
    }

    /** A variant named {@code name} with {@code KEY=VALUE} changes. */
    static AutoConfig.Variant variant(String name, String... changes) {
        List<ConfigOverride> overrides = new ArrayList<>();
        for (String change : changes) {
            overrides.add(ConfigOverride.parse(change));
        }
        return new AutoConfig.Variant(name, overrides);
    }

    static AutoConfig auto(int maxLive, int window, List<AutoConfig.Variant> variants) {
        return new AutoConfig(variants, maxLive, window, window, 0.01, 0.05);
    }

    static List<ModelConfig> specs(AutoConfig auto) {
        return auto.variants().stream().map(v -> ModelConfigLoader.parse(SPEC, v.overrides()).model()).toList();
    }

    static AutoLearner learner(AutoConfig auto) {
        return new AutoLearner(auto, specs(auto));
    }

    /** {@code n} examples of a fixed nonlinear problem with noise; the binary label is missing on every third. */
    static List<Example> stream(long seed, int n) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Example> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float a = (float) (random.nextDouble() * 4 - 2);
            float b = (float) (random.nextDouble() * 4 - 2);
            float c = (float) (random.nextDouble() * 10);
            double signal = 2 * a - b * b + 0.3 * c;
            float y = (float) (signal + random.nextGaussian() * 0.5);
            boolean labeledP = i % 3 != 0;
            out.add(new Example(i, new float[] {a, b, c}, new float[] {y, signal > 1 ? 1 : 0},
                    new boolean[] {true, labeledP}));
        }
        return out;
    }

    /** Every event of the stream, in order. */
    static List<SelectionEvent> feed(AutoLearner learner, List<Example> examples) {
        List<SelectionEvent> events = new ArrayList<>();
        for (Example e : examples) {
            events.addAll(learner.learn(e));
        }
        return events;
    }
}
