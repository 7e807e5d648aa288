package io.streammtl.config;

import java.util.List;

/**
 * A coupling between task heads: the nuclear norm of their final-layer weights, a task graph (edges as pairs of
 * task names) or a shared Gaussian prior (with the EMA {@code rate} of θ̄ and σ², and σ²'s floor); strength 0 = off.
 */
public record HeadCoupling(double strength, List<String> tasks, List<List<String>> edges, double rate,
                           double minVariance) {
    /** Paths in errors are relative to the coupling ({@code rate}); its reader adds {@code regularizers.prior}. */
    public HeadCoupling {
        tasks = List.copyOf(tasks);
        edges = edges.stream().map(List::copyOf).toList();
        Checks.nonNegative("strength", strength);
        if (!(rate > 0 && rate <= 1)) {
            throw new ConfigException("rate", Checks.format(rate) + " is out of range; expected 0 < value ≤ 1");
        }
        Checks.positive("min_variance", minVariance);
        Checks.distinct("tasks", tasks);
        if (tasks.size() == 1) {
            throw new ConfigException("tasks", tasks + " couples fewer than two tasks");
        }
        checkEdges(edges);
    }

    private static void checkEdges(List<List<String>> edges) {
        java.util.Set<List<String>> seen = new java.util.HashSet<>();
        for (int i = 0; i < edges.size(); i++) {
            List<String> edge = edges.get(i);
            String at = "edges[" + i + "]";
            if (edge.size() != 2) {
                throw new ConfigException(at, edge + " is not a pair of task names");
            }
            if (edge.get(0).equals(edge.get(1))) {
                throw new ConfigException(at, "'" + edge.get(0) + "' is joined to itself");
            }
            boolean ordered = edge.get(0).compareTo(edge.get(1)) < 0;
            if (!seen.add(ordered ? edge : List.of(edge.get(1), edge.get(0)))) {
                throw new ConfigException(at, "the edge " + edge + " is listed twice");
            }
        }
    }

    public static HeadCoupling off() {
        return new HeadCoupling(0, List.of(), List.of(), 0.01, 1e-4);
    }

    public boolean enabled() {
        return strength > 0;
    }
}
