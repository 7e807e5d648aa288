package io.streammtl.data.generate;

/**
 * The shape of an entities data set: {@code members} entities, {@code rows} stream rows, {@code features} numeric
 * features, the regression noise's standard deviation, the share of entities that first appear in the stream's
 * second half, and the seed. Validated on construction.
 */
public record EntitiesSettings(int members, long rows, int features, double noise, double lateFraction, long seed) {
    /** The vocabulary of the written spec lists every entity, so their number is kept to what a one-hot input fits. */
    public static final int MAX_MEMBERS = 10_000;
    public static final int MAX_FEATURES = 1_000;

    public EntitiesSettings {
        if (members < 1 || members > MAX_MEMBERS) {
            throw new IllegalArgumentException("members must be 1 to " + MAX_MEMBERS + ", got " + members);
        }
        if (rows < 1) {
            throw new IllegalArgumentException("rows must be at least 1, got " + rows);
        }
        if (features < 1 || features > MAX_FEATURES) {
            throw new IllegalArgumentException("features must be 1 to " + MAX_FEATURES + ", got " + features);
        }
        if (!(noise >= 0 && Double.isFinite(noise))) {
            throw new IllegalArgumentException("noise standard deviation must be finite and at least 0, got " + noise);
        }
        if (!(lateFraction >= 0 && lateFraction < 1)) {
            throw new IllegalArgumentException("late fraction must be from 0 to below 1, got " + lateFraction);
        }
    }

    /** How many entities appear only late: the late share of them, always leaving one from the start. */
    public int lateMembers() {
        return (int) Math.min(members - 1, Math.round(lateFraction * members));
    }

    /** Rows of the held-out test set drawn after the stream: a tenth of the stream, at least one. */
    public long testRows() {
        return Math.max(1, rows / 10);
    }
}
