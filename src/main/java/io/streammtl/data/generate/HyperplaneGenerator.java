package io.streammtl.data.generate;

import java.util.SplittableRandom;

/**
 * Rotating hyperplane (Hulten, Spencer &amp; Domingos 2001, "Mining time-changing data streams"): x1..xd uniform in
 * [0, 1], y = 1 when Σ wᵢxᵢ ≥ ½ Σ wᵢ, each label flipped with probability {@code noise}; every concept draws its
 * own weights uniform in [0, 1], an abrupt change swaps them at once and a gradual one moves them linearly from the
 * old to the new across the window, turning the hyperplane about the cube's centre.
 */
public final class HyperplaneGenerator extends ScheduledStream {
    /** Features unless told otherwise. */
    public static final int DIMENSIONS = 10;

    private final double[][] weights;
    private final SplittableRandom random;
    private final double noise;

    public HyperplaneGenerator(DriftSchedule schedule, long seed, double noise) {
        this(schedule, DIMENSIONS, seed, noise);
    }

    public HyperplaneGenerator(DriftSchedule schedule, int dimensions, long seed, double noise) {
        super(schedule, requireDimensions(dimensions));
        requireProbability(noise);
        SplittableRandom rows = new SplittableRandom(seed);
        // A split stream for the weights keeps a seed's features identical whatever the number of concepts.
        SplittableRandom conceptRandom = rows.split();
        this.weights = new double[schedule.concepts()][dimensions];
        for (double[] concept : weights) {
            for (int i = 0; i < dimensions; i++) {
                concept[i] = conceptRandom.nextDouble();
            }
        }
        this.random = rows;
        this.noise = noise;
    }

    /** A copy of concept {@code concept}'s weights w1..wd. */
    public double[] weights(int concept) {
        return weights[concept].clone();
    }

    @Override
    String[] row(ConceptMix mix) {
        int d = weights[0].length;
        double[] before = weights[mix.before()];
        double[] after = weights[mix.after()];
        double share = mix.share();
        String[] fields = new String[d + 1];
        double dot = 0;
        double total = 0;
        for (int i = 0; i < d; i++) {
            double x = Decimals.round(random.nextDouble());
            double w = (1 - share) * before[i] + share * after[i];
            dot += w * x;
            total += w;
            fields[i] = Decimals.format(x);
        }
        boolean flip = random.nextDouble() < noise;
        fields[d] = (dot >= total / 2) != flip ? "1" : "0";
        return fields;
    }

    private static int requireDimensions(int dimensions) {
        if (dimensions < 1) {
            throw new IllegalArgumentException("dimensions must be at least 1, got " + dimensions);
        }
        return dimensions;
    }
}
