package io.streammtl.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the {@code auto} section: {@code variants} (a list of changes to the spec, each a mapping of {@code lr},
 * {@code optimizer}, {@code batch_size}, {@code layers} or any dotted path to a value, and an optional {@code name}) or {@code grid: default}.
 * The default grid is the spec as written, its learning rate ×3 and ÷3, and schedule-free AdamW at its authors'
 * rate (Adam at 0.001 where the spec is schedule-free): the rate is what decides online SGD and Adam most, an order
 * of magnitude around the spec's covers a mis-set one, and schedule-free AdamW needs no rate tuning; batch size and
 * width change the step cost, so they stay out of the default and four variants fit the default {@code max_live}.
 */
final class AutoReader {
    private static final Map<String, String> SHORTHANDS = Map.of("lr", "optimizer.lr", "optimizer", "optimizer.kind",
            "batch_size", "training.batch_size", "layers", "trunk.layers");

    private AutoReader() {
    }

    static AutoConfig auto(ConfigNode node, OptimizerConfig base) {
        List<AutoConfig.Variant> variants = new ArrayList<>();
        variants.add(new AutoConfig.Variant("base", List.of()));
        if (node.has("variants")) {
            node.rejectIfPresent("grid", "give either variants or grid, not both");
            int i = 0;
            for (ConfigNode entry : node.objects("variants")) {
                variants.add(variant(entry, i++));
            }
        } else {
            String grid = node.string("grid", "default");
            if (!grid.equals("default")) {
                throw new ConfigException(node.child("grid"), "unknown '" + grid + "'; expected default");
            }
            variants.addAll(defaultGrid(base));
        }
        AutoConfig config = new AutoConfig(variants, Checks.clampToInt(node.integer("max_live", 4)),
                Checks.clampToInt(node.integer("window", 250)), Checks.clampToInt(node.integer("min_examples", 250)),
                node.number("margin", 0.01), node.number("level", 0.05));
        node.rejectUnknownKeys();
        return config;
    }

    private static AutoConfig.Variant variant(ConfigNode entry, int index) {
        List<ConfigOverride> overrides = new ArrayList<>();
        String given = entry.string("name", null);
        for (String key : entry.keys()) {
            if (key.equals("name")) {
                continue;
            }
            String path = SHORTHANDS.getOrDefault(key, key);
            String value = path.equals("trunk.layers") ? entry.integers(key, List.of()).toString()
                    : entry.string(key);
            overrides.add(new ConfigOverride(path, value));
        }
        if (overrides.isEmpty()) {
            throw new ConfigException("auto.variants[" + index + "]", "changes nothing; the spec as written is "
                    + "already the variant 'base'");
        }
        return new AutoConfig.Variant(given != null ? given : nameOf(overrides), overrides);
    }

    /** A name made of the changes, e.g. {@code lr-0.003.batch_size-8}: each key's last part, a dash, its value. */
    private static String nameOf(List<ConfigOverride> overrides) {
        List<String> parts = new ArrayList<>();
        for (ConfigOverride o : overrides) {
            String value = o.value().replaceAll("[^A-Za-z0-9_.-]+", ".").replaceAll("^\\.|\\.$", "");
            parts.add(o.key().substring(o.key().lastIndexOf('.') + 1) + "-" + value);
        }
        return String.join(".", parts);
    }

    private static List<AutoConfig.Variant> defaultGrid(OptimizerConfig base) {
        double lr = base.learningRate();
        boolean scheduleFree = base.kind() == OptimizerKind.SCHEDULE_FREE_ADAMW;
        OptimizerKind other = scheduleFree ? OptimizerKind.ADAM : OptimizerKind.SCHEDULE_FREE_ADAMW;
        String otherName = other.name().toLowerCase(Locale.ROOT);
        return List.of(rate("lr-x3", lr * 3), rate("lr-div3", lr / 3),
                new AutoConfig.Variant(otherName.replace('_', '-'), List.of(
                        new ConfigOverride("optimizer.kind", otherName),
                        new ConfigOverride("optimizer.lr", Double.toString(
                                OptimizerConfig.defaults(other).learningRate())))));
    }

    private static AutoConfig.Variant rate(String name, double lr) {
        return new AutoConfig.Variant(name, List.of(new ConfigOverride("optimizer.lr", Double.toString(lr))));
    }
}
