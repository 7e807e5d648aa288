package io.streammtl.data.generate;

/**
 * The model spec that fits an entities data set: the numeric features, and the two tasks as task families keyed by
 * the entity column ({@code per: entity}), so that each entity gets its own deviation from the family heads.
 */
public final class EntitiesSpec {
    private EntitiesSpec() {
    }

    /** The spec's YAML text for {@code generator}'s data set. */
    public static String yaml(EntitiesGenerator generator) {
        EntitiesSettings settings = generator.settings();
        StringBuilder out = new StringBuilder();
        out.append("# Synthetic entities (streammtl generate entities --members ").append(settings.members())
                .append(" --rows ").append(settings.rows()).append(" --features ").append(settings.features())
                .append(" --seed ").append(settings.seed()).append("):\n")
                .append("# y = f(x) + a_k + b_k·(w·x) + noise per entity k; above = 1 when y is above a_k.\n")
                .append("# Each task is a family with one member per entity (the entity column is its key).\n")
                .append("name: entities\n")
                .append("seed: ").append(settings.seed()).append('\n')
                .append("features:\n");
        for (int j = 1; j <= settings.features(); j++) {
            out.append("  - {name: x").append(j).append("}\n");
        }
        out.append("""
                tasks:
                  - {name: y, kind: regression, per: entity}
                  - {name: above, kind: binary, per: entity}
                trunk: {layers: [64, 64], activation: relu}
                optimizer: {kind: adam, lr: 0.003}
                training: {batch_size: 32}
                metrics: {window: 200}
                # Champion and challengers: the spec as written and three variants race (docs/spec.md, auto:).
                auto: {grid: default}
                """);
        return out.toString();
    }
}
