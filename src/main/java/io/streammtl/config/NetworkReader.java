package io.streammtl.config;

import java.util.List;

/** Reads the {@code trunk} and {@code heads} sections; absent keys take the records' defaults. */
final class NetworkReader {
    private NetworkReader() {
    }

    static TrunkConfig trunk(ConfigNode node) {
        TrunkConfig d = TrunkConfig.defaults();
        List<Integer> layers = node.integers("layers", d.layers());
        Activation activation = node.choice("activation", Activation.class, d.activation());
        node.rejectUnknownKeys();
        return new TrunkConfig(layers, activation);
    }

    static HeadConfig heads(ConfigNode node) {
        HeadConfig d = HeadConfig.defaults();
        List<Integer> hidden = node.integers("hidden", d.hidden());
        Activation activation = node.choice("activation", Activation.class, d.activation());
        node.rejectUnknownKeys();
        return new HeadConfig(hidden, activation);
    }
}
