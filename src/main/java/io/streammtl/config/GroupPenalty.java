package io.streammtl.config;

/** A penalty on the weight matrices (not biases) of the trunk and/or all heads; strength 0 = off. */
public record GroupPenalty(double strength, boolean trunk, boolean heads) {
    public static GroupPenalty off() {
        return new GroupPenalty(0, true, true);
    }

    public boolean enabled() {
        return strength > 0 && (trunk || heads);
    }
}
