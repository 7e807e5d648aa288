package io.streammtl.config;

import java.util.ArrayList;
import java.util.List;

/** Reads the {@code weighting} and {@code regularizers} sections of a model spec; errors name the path and value. */
final class WeightingReader {
    private WeightingReader() {
    }

    static WeightingConfig weighting(ConfigNode node, TrunkConfig trunk) {
        WeightingKind kind = node.choice("kind", WeightingKind.class, WeightingKind.STATIC);
        WeightingConfig d = WeightingConfig.of(kind);
        double lr = d.lr();
        double alpha = d.alpha();
        double temperature = d.temperature();
        long window = d.window();
        double beta = d.beta();
        String name = kind.name().toLowerCase(java.util.Locale.ROOT);
        if (kind == WeightingKind.UNCERTAINTY || kind == WeightingKind.GRADNORM) {
            lr = node.number("lr", lr);
        } else {
            node.rejectIfPresent("lr", "not used by " + name + " (only by uncertainty and gradnorm)");
        }
        if (kind == WeightingKind.GRADNORM) {
            alpha = node.number("alpha", alpha);
            if (trunk.layers().isEmpty()) {
                throw new ConfigException(node.child("kind"),
                        "'gradnorm' balances gradients at the last shared layer; trunk.layers is empty");
            }
        } else {
            node.rejectIfPresent("alpha", "not used by " + name + " (only by gradnorm)");
        }
        if (kind == WeightingKind.DWA) {
            temperature = node.number("temperature", temperature);
            window = node.integer("window", window);
            WeightingConfig.checkWindow(node.child("window"), window);
        } else {
            node.rejectIfPresent("temperature", "not used by " + name + " (only by dwa)");
            node.rejectIfPresent("window", "not used by " + name + " (only by dwa)");
        }
        if (kind == WeightingKind.LOSS_SCALE) {
            beta = node.number("beta", beta);
        } else {
            node.rejectIfPresent("beta", "not used by " + name + " (only by loss_scale)");
        }
        node.rejectUnknownKeys();
        try {
            return new WeightingConfig(kind, lr, alpha, temperature, (int) window, beta);
        } catch (ConfigException e) {
            throw e.under(node.path());
        }
    }

    static RegularizerConfig regularizers(ConfigNode node, List<TaskConfig> tasks) {
        GroupPenalty l1 = node.optionalObject("l1").map(WeightingReader::groupPenalty).orElse(GroupPenalty.off());
        GroupPenalty l2 = node.optionalObject("l2").map(WeightingReader::groupPenalty).orElse(GroupPenalty.off());
        GroupPenalty decay = node.optionalObject("decoupled_decay").map(WeightingReader::groupPenalty)
                .orElse(GroupPenalty.off());
        HeadCoupling nuclear = node.optionalObject("nuclear").map(n -> nuclear(n, tasks)).orElse(HeadCoupling.off());
        HeadCoupling graph = node.optionalObject("graph").map(n -> graph(n, tasks)).orElse(HeadCoupling.off());
        HeadCoupling prior = node.optionalObject("prior").map(n -> prior(n, tasks)).orElse(HeadCoupling.off());
        node.rejectUnknownKeys();
        return build(node, () -> new RegularizerConfig(l1, l2, decay, nuclear, graph, prior));
    }

    private static GroupPenalty groupPenalty(ConfigNode node) {
        double strength = strength(node);
        List<String> groups = node.has("groups") ? node.strings("groups") : List.of("trunk", "heads");
        if (groups.isEmpty()) {
            throw new ConfigException(node.child("groups"), "empty; expected trunk and/or heads");
        }
        for (int i = 0; i < groups.size(); i++) {
            if (!groups.get(i).equals("trunk") && !groups.get(i).equals("heads")) {
                throw new ConfigException(node.child("groups") + "[" + i + "]", "'" + groups.get(i)
                        + "' is not one of trunk, heads");
            }
        }
        node.rejectUnknownKeys();
        return build(node, () -> new GroupPenalty(strength, groups.contains("trunk"), groups.contains("heads")));
    }

    private static HeadCoupling nuclear(ConfigNode node, List<TaskConfig> tasks) {
        double strength = strength(node);
        List<String> names = coupledTasks(node, tasks);
        node.rejectUnknownKeys();
        return build(node, () -> new HeadCoupling(strength, names, List.of(), 0.01, 1e-4));
    }

    private static HeadCoupling prior(ConfigNode node, List<TaskConfig> tasks) {
        double strength = strength(node);
        List<String> names = coupledTasks(node, tasks);
        double rate = node.number("rate", 0.01);
        double minVariance = node.number("min_variance", 1e-4);
        node.rejectUnknownKeys();
        return build(node, () -> new HeadCoupling(strength, names, List.of(), rate, minVariance));
    }

    private static HeadCoupling graph(ConfigNode node, List<TaskConfig> tasks) {
        double strength = strength(node);
        String path = node.child("edges");
        List<List<String>> edges = node.stringLists("edges");
        if (edges.isEmpty()) {
            throw new ConfigException(path, "missing; expected a list of task pairs, e.g. [[a, b]]");
        }
        for (int i = 0; i < edges.size(); i++) {
            List<String> edge = edges.get(i);
            String at = path + "[" + i + "]";
            if (edge.size() != 2) {
                throw new ConfigException(at, edge + " is not a pair of task names");
            }
            TaskConfig a = task(at + "[0]", edge.get(0), tasks);
            TaskConfig b = task(at + "[1]", edge.get(1), tasks);
            sameShape(at, a, b);
        }
        node.rejectUnknownKeys();
        return build(node, () -> new HeadCoupling(strength, List.of(), edges, 0.01, 1e-4));
    }

    /** The named tasks (default all), at least two, whose heads have the same shape. */
    private static List<String> coupledTasks(ConfigNode node, List<TaskConfig> tasks) {
        List<String> names = node.has("tasks") ? node.strings("tasks")
                : tasks.stream().map(TaskConfig::name).toList();
        String path = node.child("tasks");
        List<TaskConfig> chosen = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            TaskConfig task = task(path + "[" + i + "]", names.get(i), tasks);
            if (!chosen.isEmpty()) {
                sameShape(path + "[" + i + "]", chosen.get(0), task);
            }
            chosen.add(task);
        }
        if (chosen.size() < 2) {
            throw new ConfigException(path, names + " couples fewer than two tasks");
        }
        return List.copyOf(names);
    }

    private static TaskConfig task(String path, String name, List<TaskConfig> tasks) {
        for (TaskConfig task : tasks) {
            if (task.name().equals(name)) {
                return task;
            }
        }
        throw new ConfigException(path, "'" + name + "' is not a task; expected one of "
                + String.join(", ", tasks.stream().map(TaskConfig::name).toList()));
    }

    private static void sameShape(String path, TaskConfig a, TaskConfig b) {
        if (a.outputs() != b.outputs()) {
            throw new ConfigException(path, "'" + b.name() + "' has " + b.outputs() + " outputs and '" + a.name()
                    + "' " + a.outputs() + "; coupled heads must have the same shape");
        }
    }

    private static double strength(ConfigNode node) {
        double strength = node.number("strength", Double.NaN);
        if (Double.isNaN(strength) && !node.has("strength")) {
            throw new ConfigException(node.child("strength"), "missing; expected a finite number ≥ 0");
        }
        return strength;
    }

    /** A record built from {@code node}'s values; its errors, relative to the record, are put under the node. */
    private static <T> T build(ConfigNode node, java.util.function.Supplier<T> construction) {
        try {
            return construction.get();
        } catch (ConfigException e) {
            throw e.under(node.path());
        }
    }
}
