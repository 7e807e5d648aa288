package io.streammtl.data.generate;

import java.util.List;

/**
 * The model spec that fits an entities data set: the numeric features, the entity as a categorical feature whose
 * vocabulary lists every entity (the only way the spec gives the model the key today), and the two tasks.
 */
public final class EntitiesSpec {
    private static final int NAMES_PER_LINE = 10;

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
                .append("name: entities\n")
                .append("seed: ").append(settings.seed()).append('\n')
                .append("features:\n");
        for (int j = 1; j <= settings.features(); j++) {
            out.append("  - {name: x").append(j).append("}\n");
        }
        out.append("  - name: entity\n")
                .append("    type: categorical\n")
                .append("    vocabulary:\n");
        List<String> names = generator.names();
        for (int from = 0; from < names.size(); from += NAMES_PER_LINE) {
            out.append(from == 0 ? "      [" : "       ")
                    .append(String.join(", ", names.subList(from, Math.min(names.size(), from + NAMES_PER_LINE))))
                    .append(from + NAMES_PER_LINE >= names.size() ? "]\n" : ",\n");
        }
        out.append("""
                tasks:
                  - {name: y, kind: regression}
                  - {name: above, kind: binary}
                trunk: {layers: [64, 64], activation: relu}
                optimizer: {kind: adam, lr: 0.003}
                training: {batch_size: 32}
                metrics: {window: 200}
                """);
        return out.toString();
    }
}
