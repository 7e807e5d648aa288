package io.streammtl.config;

import java.util.List;

/** Task heads: hidden layer widths (empty for a linear head) and their activation. */
public record HeadConfig(List<Integer> hidden, Activation activation) {
    public HeadConfig {
        hidden = List.copyOf(hidden);
    }

    /** Linear heads. */
    public static HeadConfig defaults() {
        return new HeadConfig(List.of(), Activation.RELU);
    }
}
