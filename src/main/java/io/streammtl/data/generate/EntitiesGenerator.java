package io.streammtl.data.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Many entities (schools, stores) that share structure, for task families: entity k's target is
 * y = f(x) + a_k + b_k·(w·x) + N(0, noise²), where f(x) = Σ_j sin(x_j) + x_1·x_D / 2 is common to all, w a unit
 * direction drawn once, and the offset a_k ~ N(0, 1) and slope b_k ~ N(0, 0.5²) are drawn once per entity; the
 * binary target {@code above} says whether y is above the entity's own level a_k. Features are standard normal.
 * Rows go to entities as {@link EntitySchedule} says (uneven shares, some entities only late); after the stream, a
 * tenth as many held-out rows are drawn from every entity at its final share.
 */
public final class EntitiesGenerator {
    private static final double OFFSET_SD = 1.0;
    private static final double SLOPE_SD = 0.5;

    private final EntitiesSettings settings;
    private final List<String> names;
    private final double[] direction;
    private final double[] offsets;
    private final double[] slopes;
    private final EntitySchedule schedule;
    private final SplittableRandom random;
    private long row;

    public EntitiesGenerator(EntitiesSettings settings) {
        this.settings = settings;
        SplittableRandom root = new SplittableRandom(settings.seed());
        SplittableRandom structure = root.split();
        this.random = root.split();
        int members = settings.members();
        this.names = names(members);
        this.direction = unitDirection(structure, settings.features());
        this.offsets = new double[members];
        this.slopes = new double[members];
        for (int k = 0; k < members; k++) {
            offsets[k] = OFFSET_SD * structure.nextGaussian();
            slopes[k] = SLOPE_SD * structure.nextGaussian();
        }
        this.schedule = new EntitySchedule(settings, structure);
    }

    /** The shared non-linear part of every entity's target. */
    public static double common(double[] x) {
        double sum = 0;
        for (double value : x) {
            sum += Math.sin(value);
        }
        return sum + x[0] * x[x.length - 1] / 2;
    }

    /** Entity names {@code e0000, e0001, ...}, as wide as the largest index needs (at least four digits). */
    private static List<String> names(int members) {
        int digits = Math.max(4, Integer.toString(members - 1).length());
        List<String> out = new ArrayList<>(members);
        for (int k = 0; k < members; k++) {
            out.add(String.format(Locale.ROOT, "e%0" + digits + "d", k));
        }
        return List.copyOf(out);
    }

    private static double[] unitDirection(SplittableRandom random, int features) {
        double[] w = new double[features];
        double norm = 0;
        while (norm == 0) {
            for (int j = 0; j < features; j++) {
                w[j] = random.nextGaussian();
                norm += w[j] * w[j];
            }
        }
        norm = Math.sqrt(norm);
        for (int j = 0; j < features; j++) {
            w[j] /= norm;
        }
        return w;
    }

    public EntitiesSettings settings() {
        return settings;
    }

    /** Every entity's name, by index. */
    public List<String> names() {
        return names;
    }

    /** Entity {@code k}'s offset a_k. */
    public double offset(int k) {
        return offsets[k];
    }

    /** Entity {@code k}'s slope b_k along the shared direction. */
    public double slope(int k) {
        return slopes[k];
    }

    /** Whether entity {@code k} first appears in the stream's second half. */
    public boolean isLate(int k) {
        return schedule.isLate(k);
    }

    /** Column names: {@code entity}, the features {@code x1..xD}, the targets {@code y} and {@code above}. */
    public List<String> header() {
        List<String> out = new ArrayList<>();
        out.add("entity");
        for (int j = 1; j <= settings.features(); j++) {
            out.add("x" + j);
        }
        out.add("y");
        out.add("above");
        return out;
    }

    /** How many rows there are in all: the stream's, then the held-out ones. */
    public long rows() {
        return settings.rows() + settings.testRows();
    }

    /** The next row: stream rows in order, then held-out rows. */
    public EntityRow next() {
        if (row >= rows()) {
            throw new IllegalStateException("all " + rows() + " rows were generated");
        }
        int entity = schedule.entityOf(row, random);
        double[] x = new double[settings.features()];
        double along = 0;
        for (int j = 0; j < x.length; j++) {
            x[j] = Decimals.round(random.nextGaussian());
            along += direction[j] * x[j];
        }
        double level = common(x) + offsets[entity] + slopes[entity] * along;
        double y = Decimals.round(level + settings.noise() * random.nextGaussian());
        boolean heldOut = row >= settings.rows();
        row++;
        return new EntityRow(entity, x, y, y > offsets[entity], heldOut);
    }
}
