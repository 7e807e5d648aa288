package io.streammtl.cli;

import io.streammtl.config.ConfigException;
import io.streammtl.config.Durations;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * How long a row's labels wait after its event in {@code produce --label-delay}: {@code fixed:2s},
 * {@code exp:500ms} (exponential with that mean) or {@code uniform:0..5s}, in the spec's duration units.
 */
sealed interface LabelDelay {
    String FORMS = "fixed:2s, exp:500ms (exponential, that mean) or uniform:0..5s (units ms, s, m, h, d)";

    /** A delay in milliseconds drawn from this distribution. */
    long drawMillis(SplittableRandom random);

    /** The same delay for every row. */
    record Fixed(long millis) implements LabelDelay {
        public Fixed {
            if (millis < 0) {
                throw new IllegalArgumentException("a delay is at least 0 ms, got " + millis);
            }
        }

        @Override
        public long drawMillis(SplittableRandom random) {
            return millis;
        }
    }

    /** Exponential delays of the given mean (labels mostly soon, a few late). */
    record Exponential(long meanMillis) implements LabelDelay {
        public Exponential {
            if (meanMillis < 1) {
                throw new IllegalArgumentException("an exponential delay needs a mean of at least 1 ms, got "
                        + meanMillis);
            }
        }

        @Override
        public long drawMillis(SplittableRandom random) {
            return Math.round(-meanMillis * Math.log1p(-random.nextDouble()));
        }
    }

    /** Delays spread evenly from {@code lowMillis} to {@code highMillis}, both included. */
    record Uniform(long lowMillis, long highMillis) implements LabelDelay {
        public Uniform {
            if (lowMillis < 0 || highMillis < lowMillis) {
                throw new IllegalArgumentException("a uniform delay needs 0 <= low <= high, got " + lowMillis
                        + " ms.." + highMillis + " ms");
            }
        }

        @Override
        public long drawMillis(SplittableRandom random) {
            return lowMillis == highMillis ? lowMillis : random.nextLong(lowMillis, highMillis + 1);
        }
    }

    /**
     * Reads {@code fixed:D}, {@code exp:D} or {@code uniform:A..B}; a bare number as {@code A} takes {@code B}'s
     * unit ({@code 0..5s}).
     *
     * @throws IllegalArgumentException naming the accepted forms
     */
    static LabelDelay parse(String text) {
        String spec = text.trim().toLowerCase(Locale.ROOT);
        int colon = spec.indexOf(':');
        String kind = colon < 0 ? "" : spec.substring(0, colon);
        String value = colon < 0 ? "" : spec.substring(colon + 1).trim();
        try {
            return switch (kind) {
                case "fixed" -> new Fixed(millis(value));
                case "exp" -> new Exponential(millis(value));
                case "uniform" -> uniform(value);
                default -> throw new IllegalArgumentException("unknown distribution");
            };
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not a label delay (" + e.getMessage()
                    + "); expected " + FORMS, e);
        }
    }

    private static Uniform uniform(String value) {
        int dots = value.indexOf("..");
        if (dots < 0) {
            throw new IllegalArgumentException("a uniform delay is low..high");
        }
        String low = value.substring(0, dots).trim();
        String high = value.substring(dots + 2).trim();
        if (low.chars().allMatch(Character::isDigit) && !low.isEmpty()) {
            low += high.replaceFirst("^\\d+\\s*", "");
        }
        return new Uniform(millis(low), millis(high));
    }

    private static long millis(String duration) {
        try {
            return Durations.parse("duration", duration);
        } catch (ConfigException e) {
            throw new IllegalArgumentException("'" + duration + "' is not a duration", e);
        }
    }

    /** picocli's converter: a bad value becomes a parameter error that names the option and the accepted forms. */
    final class Converter implements ITypeConverter<LabelDelay> {
        @Override
        public LabelDelay convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
