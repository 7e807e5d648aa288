package io.streammtl.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as the spec writes them: a whole number and a unit, {@code 500ms}, {@code 30s}, {@code 15m}, {@code 2h}, {@code 7d}. */
public final class Durations {
    private static final Pattern TEXT = Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h|d)");

    private Durations() {
    }

    /** Milliseconds of {@code text}, or a {@link ConfigException} at {@code path} that shows the accepted form. */
    public static long parse(String path, String text) {
        Matcher m = TEXT.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new ConfigException(path, "'" + text + "' is not a duration; expected a whole number and a unit"
                    + " (ms, s, m, h, d), e.g. 500ms, 30s, 15m, 7d");
        }
        long amount = Long.parseLong(m.group(1));
        long unit = switch (m.group(2)) {
            case "ms" -> 1;
            case "s" -> 1000;
            case "m" -> 60_000;
            case "h" -> 3_600_000;
            default -> 86_400_000;
        };
        if (amount > Long.MAX_VALUE / unit) {
            throw new ConfigException(path, "'" + text + "' is too long");
        }
        return amount * unit;
    }

    /** The shortest exact spelling of {@code millis} in the spec's units: {@code 90000} is {@code 90s}. */
    public static String format(long millis) {
        long[] units = {86_400_000, 3_600_000, 60_000, 1000};
        String[] names = {"d", "h", "m", "s"};
        for (int i = 0; i < units.length; i++) {
            if (millis != 0 && millis % units[i] == 0) {
                return millis / units[i] + names[i];
            }
        }
        return millis + "ms";
    }
}
