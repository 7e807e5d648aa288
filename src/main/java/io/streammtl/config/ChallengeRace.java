package io.streammtl.config;

/**
 * How the {@code challenge} drift response races a challenger against the model (racing, Maron and Moore 1994): at
 * most {@code windows} metrics windows; adopted when a paired test at {@code level} ÷ {@code windows} says its loss
 * is below {@code 1 − margin} of the model's, dropped when the same test at {@code level} says the model's is below
 * {@code 1 − margin} of its own. Errors name paths relative to the drift section.
 */
public record ChallengeRace(int windows, double margin, double level) {
    /** Most windows a race may last: each one costs a second model's steps. */
    public static final int MAX_WINDOWS = 1_000;
    /** Four windows, a 1 % margin, level 0.05. */
    public static final ChallengeRace DEFAULT = new ChallengeRace(4, 0.01, 0.05);

    public ChallengeRace {
        Checks.range("challenge_windows", windows, 1, MAX_WINDOWS);
        Checks.fraction("challenge_margin", margin, true);
        if (!(level > 0 && level < 0.5)) {
            throw new ConfigException("challenge_level", Checks.format(level)
                    + " is out of range; expected 0 < value < 0.5");
        }
    }

    /**
     * Equal to the default race only: the spec hash leaves the default out, so a spec without race keys keeps the hash
     * it had before the keys existed, and its snapshots their provenance.
     */
    public static final class DefaultFilter {
        @Override
        public boolean equals(Object other) {
            return DEFAULT.equals(other);
        }

        @Override
        public int hashCode() {
            return DEFAULT.hashCode();
        }
    }
}
