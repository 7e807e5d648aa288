package io.streammtl.config;

import java.util.List;

/**
 * Champion/challenger selection ({@code auto:}): variants of the spec that learn side by side on the same stream,
 * the first ({@code base}, the spec as written) serving first; at most {@code maxLive} learn at once. Every
 * {@code window} paired examples a challenger that has seen {@code minExamples} is tested against the champion: it
 * is promoted when a one-sided test at {@code level} says its loss is below {@code 1 − margin} of the champion's, and
 * pruned when the same test says the champion's is below {@code 1 − margin} of its own.
 */
public record AutoConfig(List<Variant> variants, int maxLive, int window, int minExamples, double margin,
                         double level) {
    /** Fewest examples per window: ten blocks of at least two for the test on block means. */
    public static final int MIN_WINDOW = 20;

    /** One variant: a name and its changes to the spec ({@code base}: none). */
    public record Variant(String name, List<ConfigOverride> overrides) {
        public Variant {
            Checks.name("auto.variants.name", name);
            overrides = List.copyOf(overrides);
        }
    }

    public AutoConfig {
        variants = List.copyOf(variants);
        if (variants.size() < 2) {
            throw new ConfigException("auto.variants", "needs at least one variant beside the spec as written");
        }
        Checks.distinct("auto.variants", variants.stream().map(Variant::name).toList());
        Checks.range("auto.max_live", maxLive, 2, 64);
        Checks.range("auto.window", window, MIN_WINDOW, 1_000_000);
        Checks.range("auto.min_examples", minExamples, 0, Integer.MAX_VALUE);
        Checks.fraction("auto.margin", margin, true);
        if (!(level > 0 && level < 0.5)) {
            throw new ConfigException("auto.level", Checks.format(level) + " is out of range; expected 0 < value < 0.5");
        }
    }
}
