package io.streammtl.config;

import java.util.List;

/**
 * A task family ({@code tasks[i].per} and {@code tasks[i].family}): one task per value of the key fields
 * {@code per} (a member's key is their values joined by {@code /}), at most {@code maxMembers} members kept
 * (the least recently labeled evicted first), a member unlabeled for {@code idleTtlExamples} model examples dropped
 * (0: never), and each member's deviation from the family head shrunk toward zero by {@code shrink}·‖Δ‖².
 * Errors name paths relative to the task ({@code per}, {@code family.max_members}).
 */
public record FamilyConfig(List<String> per, int maxMembers, long idleTtlExamples, double shrink) {
    /** Members kept by default. */
    public static final int DEFAULT_MAX_MEMBERS = 10_000;
    /** The deviations' L2 shrinkage toward the family head by default. */
    public static final double DEFAULT_SHRINK = 1e-3;
    /** What joins the values of several key fields into one member key. */
    public static final String KEY_SEPARATOR = "/";

    public FamilyConfig {
        if (per == null || per.isEmpty()) {
            throw new ConfigException("per", "empty; expected a key field or a list of key fields");
        }
        per = List.copyOf(per);
        for (int i = 0; i < per.size(); i++) {
            Checks.name(per.size() == 1 ? "per" : "per[" + i + "]", per.get(i));
        }
        Checks.distinct("per", per);
        Checks.range("family.max_members", maxMembers, 1, 10_000_000);
        if (idleTtlExamples < 0) {
            throw new ConfigException("family.idle_ttl_examples", idleTtlExamples
                    + " is negative; expected a number of examples ≥ 0 (0: members never expire)");
        }
        Checks.nonNegative("family.shrink", shrink);
    }

    /** A family keyed by {@code per} with the default settings. */
    public static FamilyConfig per(List<String> per) {
        return new FamilyConfig(per, DEFAULT_MAX_MEMBERS, 0, DEFAULT_SHRINK);
    }

    /** The member key of the key fields' values, in {@link #per()} order. */
    public String memberKey(List<String> values) {
        return String.join(KEY_SEPARATOR, values);
    }
}
