package io.streammtl.config;

import java.util.List;

/** The shared trunk: widths of its dense layers and their activation. */
public record TrunkConfig(List<Integer> layers, Activation activation) {
    public TrunkConfig {
        layers = List.copyOf(layers);
    }

    /** Two ReLU layers of 64. */
    public static TrunkConfig defaults() {
        return new TrunkConfig(List.of(64, 64), Activation.RELU);
    }
}
