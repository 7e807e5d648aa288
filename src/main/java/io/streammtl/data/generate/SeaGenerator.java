package io.streammtl.data.generate;

import java.util.SplittableRandom;

/**
 * SEA concepts (Street &amp; Kim 2001, "A streaming ensemble algorithm (SEA) for large-scale classification"):
 * x1, x2, x3 uniform in [0, 10], y = 1 when x1 + x2 ≤ θ with θ = 8, 9, 7, 9.5 for concepts 0 to 3 (then round
 * again), each label flipped with probability {@code noise}; x3 never matters.
 */
public final class SeaGenerator extends ScheduledStream {
    private static final double[] THRESHOLDS = {8, 9, 7, 9.5};
    private static final double RANGE = 10;

    private final SplittableRandom random;
    private final double noise;

    public SeaGenerator(DriftSchedule schedule, long seed, double noise) {
        super(schedule, 3);
        requireProbability(noise);
        this.random = new SplittableRandom(seed);
        this.noise = noise;
    }

    /** θ of concept {@code concept}. */
    public static double threshold(int concept) {
        return THRESHOLDS[concept % THRESHOLDS.length];
    }

    @Override
    String[] row(ConceptMix mix) {
        double x1 = Decimals.round(random.nextDouble(RANGE));
        double x2 = Decimals.round(random.nextDouble(RANGE));
        double x3 = Decimals.round(random.nextDouble(RANGE));
        // Both draws happen on every row so that a seed gives the same features whatever the drift kind.
        int concept = mix.pick(random.nextDouble());
        boolean flip = random.nextDouble() < noise;
        boolean label = x1 + x2 <= threshold(concept);
        return new String[] {Decimals.format(x1), Decimals.format(x2), Decimals.format(x3), label != flip ? "1" : "0"};
    }
}
