package io.streammtl.config;

/**
 * The regulariser R(θ): L1 and coupled L2 (added to the gradient), decoupled weight decay (w ← w·(1 − lr·s) after
 * the optimiser step), the nuclear norm of the heads' final-layer weights (a proximal step), a task graph and a
 * shared Gaussian prior over head parameters. All compose with {@code optimizer.weight_decay}, which still applies
 * to every parameter.
 */
public record RegularizerConfig(GroupPenalty l1, GroupPenalty l2, GroupPenalty decoupledDecay, HeadCoupling nuclear,
                                HeadCoupling graph, HeadCoupling prior) {
    /** Paths in errors are relative to the section ({@code graph.edges}); its reader adds {@code regularizers}. */
    public RegularizerConfig {
        if (l1 == null || l2 == null || decoupledDecay == null || nuclear == null || graph == null || prior == null) {
            throw new ConfigException("", "a regulariser is null; use GroupPenalty.off() or HeadCoupling.off()");
        }
        coupledTasks("nuclear", nuclear);
        coupledTasks("prior", prior);
        if (!graph.tasks().isEmpty()) {
            throw new ConfigException("graph.tasks", "a task graph is given by its edges");
        }
        if (graph.enabled() && graph.edges().isEmpty()) {
            throw new ConfigException("graph.edges", "missing; expected a list of task pairs, e.g. [[a, b]]");
        }
    }

    private static void coupledTasks(String key, HeadCoupling coupling) {
        if (!coupling.edges().isEmpty()) {
            throw new ConfigException(key + ".edges", "only the task graph has edges");
        }
        if (coupling.enabled() && coupling.tasks().size() < 2) {
            throw new ConfigException(key + ".tasks", coupling.tasks() + " couples fewer than two tasks");
        }
    }

    public static RegularizerConfig none() {
        return new RegularizerConfig(GroupPenalty.off(), GroupPenalty.off(), GroupPenalty.off(), HeadCoupling.off(),
                HeadCoupling.off(), HeadCoupling.off());
    }

    /** The same without the penalties that couple tasks (for a single-task model). */
    public RegularizerConfig withoutCoupling() {
        return new RegularizerConfig(l1, l2, decoupledDecay, HeadCoupling.off(), HeadCoupling.off(), HeadCoupling.off());
    }

    public boolean any() {
        return l1.enabled() || l2.enabled() || decoupledDecay.enabled() || nuclear.enabled() || graph.enabled()
                || prior.enabled();
    }
}
