package io.streammtl.config;

import java.util.List;

/**
 * Champion/challenger selection as the service runs it: the {@code auto} section and the whole spec of each of its
 * variants, in declared order (the first is the spec as written).
 */
public record AutoSelection(AutoConfig config, List<ModelConfig> specs) {
    public AutoSelection {
        specs = List.copyOf(specs);
        if (specs.size() != config.variants().size()) {
            throw new ConfigException("auto.variants", specs.size() + " specs for " + config.variants().size()
                    + " variants");
        }
    }
}
