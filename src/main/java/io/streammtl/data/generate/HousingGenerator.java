package io.streammtl.data.generate;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Synthetic house and apartment prices (the example of the project's seed documents) with a known shared
 * structure: both prices grow with a common price per area that falls with size,
 * base = size · (1.5 + 2.5·e^(−size/70)) + 20·(bedrooms − size/35) (thousands); a house adds 30 per bathroom beyond
 * the first, an apartment's base is scaled by its location (downtown 1.5, suburb 1.0, rural 0.7); both add
 * N(0, noise²). A house row leaves location and the apartment price empty, an apartment row bathrooms and the
 * house price; a fraction of bedroom counts is left empty (missing).
 */
public final class HousingGenerator implements StreamGenerator {
    /** Locations of apartments and their price multipliers. */
    public static final List<String> LOCATIONS = List.of("downtown", "suburb", "rural");
    private static final double[] LOCATION_FACTOR = {1.5, 1.0, 0.7};

    private final long rows;
    private final double houseFraction;
    private final double missingBedrooms;
    private final double noise;
    private final SplittableRandom random;

    public HousingGenerator(long rows, double houseFraction, double missingBedrooms, double noise, long seed) {
        if (rows < 1) {
            throw new IllegalArgumentException("rows must be at least 1, got " + rows);
        }
        if (!(houseFraction >= 0 && houseFraction <= 1)) {
            throw new IllegalArgumentException("house fraction must be from 0 to 1, got " + houseFraction);
        }
        if (!(missingBedrooms >= 0 && missingBedrooms < 1)) {
            throw new IllegalArgumentException("missing fraction must be from 0 to below 1, got " + missingBedrooms);
        }
        if (!(noise >= 0 && Double.isFinite(noise))) {
            throw new IllegalArgumentException("noise standard deviation must be finite and at least 0, got " + noise);
        }
        this.rows = rows;
        this.houseFraction = houseFraction;
        this.missingBedrooms = missingBedrooms;
        this.noise = noise;
        this.random = new SplittableRandom(seed);
    }

    /** The noiseless shared part of both prices. */
    public static double base(double size, double bedrooms) {
        return size * (1.5 + 2.5 * Math.exp(-size / 70)) + 20 * (bedrooms - size / 35);
    }

    /** The noiseless house price. */
    public static double housePrice(double size, double bedrooms, double bathrooms) {
        return base(size, bedrooms) + 30 * (bathrooms - 1);
    }

    /** The noiseless apartment price. */
    public static double apartmentPrice(double size, double bedrooms, int location) {
        return base(size, bedrooms) * LOCATION_FACTOR[location];
    }

    @Override
    public List<String> header() {
        return List.of("size", "bedrooms", "bathrooms", "location", "house_price", "apartment_price");
    }

    @Override
    public long rows() {
        return rows;
    }

    @Override
    public String[] next() {
        // Every draw happens on every row, so a seed gives the same sizes whatever the house fraction.
        boolean house = random.nextDouble() < houseFraction;
        double size = Math.round(house ? 60 + 200 * random.nextDouble() : 25 + 155 * random.nextDouble());
        double bedrooms = Math.max(1, Math.min(6, Math.round(size / 35 + 0.7 * random.nextGaussian())));
        double bathrooms = Math.max(1, Math.min(4, Math.round(bedrooms / 2 + 0.6 * random.nextGaussian())));
        int location = random.nextInt(LOCATIONS.size());
        double epsilon = noise * random.nextGaussian();
        boolean missing = random.nextDouble() < missingBedrooms;
        String[] fields = new String[6];
        fields[0] = Long.toString((long) size);
        fields[1] = missing ? "" : Long.toString((long) bedrooms);
        fields[2] = house ? Long.toString((long) bathrooms) : "";
        fields[3] = house ? "" : LOCATIONS.get(location);
        fields[4] = house ? Decimals.format(Decimals.round(housePrice(size, bedrooms, bathrooms) + epsilon)) : "";
        fields[5] = house ? "" : Decimals.format(Decimals.round(apartmentPrice(size, bedrooms, location) + epsilon));
        return fields;
    }

    @Override
    public List<Long> changePoints() {
        return List.of();
    }
}
