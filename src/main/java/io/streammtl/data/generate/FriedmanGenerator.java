package io.streammtl.data.generate;

import java.util.SplittableRandom;

/**
 * Friedman #1 (Friedman 1991, "Multivariate adaptive regression splines"): x1..x10 uniform in [0, 1] and
 * y = 10 sin(π x1 x2) + 20 (x3 − 0.5)² + 10 x4 + 5 x5 + ε with ε ~ N(0, noise²), x6..x10 irrelevant; in the odd
 * concepts x6..x10 take over the roles of x1..x5 (y = 10 sin(π x6 x7) + 20 (x8 − 0.5)² + 10 x9 + 5 x10 + ε) and
 * x1..x5 become the irrelevant ones, a feature swap like the global modes of River's FriedmanDrift.
 */
public final class FriedmanGenerator extends ScheduledStream {
    /** Features: five that matter in each concept, five that do not. */
    public static final int FEATURES = 10;
    private static final int RELEVANT = 5;

    private final SplittableRandom random;
    private final double noise;

    /** {@code noise} is the standard deviation of ε. */
    public FriedmanGenerator(DriftSchedule schedule, long seed, double noise) {
        super(schedule, FEATURES);
        if (!(noise >= 0 && Double.isFinite(noise))) {
            throw new IllegalArgumentException("noise standard deviation must be finite and at least 0, got " + noise);
        }
        this.random = new SplittableRandom(seed);
        this.noise = noise;
    }

    /** The noiseless target of concept {@code concept} for features {@code x} (x[0] is x1). */
    public static double target(int concept, double[] x) {
        int o = concept % 2 == 0 ? 0 : RELEVANT;
        return 10 * Math.sin(Math.PI * x[o] * x[o + 1]) + 20 * (x[o + 2] - 0.5) * (x[o + 2] - 0.5)
                + 10 * x[o + 3] + 5 * x[o + 4];
    }

    @Override
    String[] row(ConceptMix mix) {
        double[] x = new double[FEATURES];
        String[] fields = new String[FEATURES + 1];
        for (int i = 0; i < FEATURES; i++) {
            x[i] = Decimals.round(random.nextDouble());
            fields[i] = Decimals.format(x[i]);
        }
        // Both draws happen on every row so that a seed gives the same features whatever the drift kind.
        int concept = mix.pick(random.nextDouble());
        double epsilon = noise * random.nextGaussian();
        fields[FEATURES] = Decimals.format(target(concept, x) + epsilon);
        return fields;
    }
}
