package io.streammtl.config;

import java.util.List;

/**
 * A coupling between task heads: the nuclear norm of their final-layer weights, a task graph (edges as pairs of
 * task names) or a shared Gaussian prior (with the EMA {@code rate} of θ̄ and σ², and σ²'s floor); strength 0 = off.
 */
public record HeadCoupling(double strength, List<String> tasks, List<List<String>> edges, double rate,
                           double minVariance) {
    public HeadCoupling {
        tasks = List.copyOf(tasks);
        edges = edges.stream().map(List::copyOf).toList();
    }

    public static HeadCoupling off() {
        return new HeadCoupling(0, List.of(), List.of(), 0.01, 1e-4);
    }

    public boolean enabled() {
        return strength > 0;
    }
}
