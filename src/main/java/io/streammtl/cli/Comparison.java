package io.streammtl.cli;

import io.streammtl.config.ConfigOverride;
import io.streammtl.config.ModelConfig;
import io.streammtl.learn.EvaluationResult;

import java.util.ArrayList;
import java.util.List;

/**
 * The variants of {@code evaluate --compare KEY=V1,V2,…} (repeated options: every combination), each with its results
 * and, when asked, the single-task baseline of its own config (left empty where an earlier variant's is the same);
 * metrics on the test set when {@code test}, else prequential; with rows grouped by member, aggregates over members
 * (and every member's metrics when {@code members}).
 */
record Comparison(List<Variant> variants, boolean test, boolean members) {
    /**
     * One variant: its name ({@code key=value …}), its changes, config and results; with rows grouped by member,
     * its test scores per member and those of its baselines (else null).
     */
    record Variant(String name, List<ConfigOverride> overrides, ModelConfig config, EvaluationResult result,
                   List<EvaluationResult> baseline, MemberResults byMember) {
    }

    /** Every combination of the options' values, in option order (the last option varies fastest). */
    static List<List<ConfigOverride>> combinations(List<String> options) {
        List<List<ConfigOverride>> out = new ArrayList<>();
        out.add(List.of());
        for (String option : options) {
            int eq = option.indexOf('=');
            if (eq <= 0 || eq == option.length() - 1) {
                throw new IllegalArgumentException("--compare '" + option + "' is not KEY=V1,V2,...");
            }
            String key = option.substring(0, eq).trim();
            List<List<ConfigOverride>> next = new ArrayList<>();
            for (List<ConfigOverride> prefix : out) {
                for (String value : option.substring(eq + 1).split(",")) {
                    List<ConfigOverride> combined = new ArrayList<>(prefix);
                    combined.add(new ConfigOverride(key, value.trim()));
                    next.add(combined);
                }
            }
            out = next;
        }
        return out;
    }

    static String name(List<ConfigOverride> overrides) {
        return String.join(" ", overrides.stream().map(o -> o.key() + "=" + o.value()).toList());
    }

    /** The name without its {@code seed=…} part: variants that differ only by seed form one group. */
    static String group(List<ConfigOverride> overrides) {
        return name(overrides.stream().filter(o -> !o.key().equals("seed")).toList());
    }
}
