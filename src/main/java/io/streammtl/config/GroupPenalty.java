package io.streammtl.config;

/** A penalty on the weight matrices (not biases) of the trunk and/or all heads; strength 0 = off. */
public record GroupPenalty(double strength, boolean trunk, boolean heads) {
    /** Paths in errors are relative to the penalty ({@code strength}); its reader adds {@code regularizers.l1}. */
    public GroupPenalty {
        Checks.nonNegative("strength", strength);
        if (!trunk && !heads) {
            throw new ConfigException("groups", "empty; expected trunk and/or heads");
        }
    }

    public static GroupPenalty off() {
        return new GroupPenalty(0, true, true);
    }

    public boolean enabled() {
        return strength > 0 && (trunk || heads);
    }
}
