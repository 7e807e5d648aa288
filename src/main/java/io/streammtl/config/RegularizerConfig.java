package io.streammtl.config;

/**
 * The regulariser R(θ): L1 and coupled L2 (added to the gradient), decoupled weight decay (w ← w·(1 − lr·s) after
 * the optimiser step), the nuclear norm of the heads' final-layer weights (a proximal step), a task graph and a
 * shared Gaussian prior over head parameters. All compose with {@code optimizer.weight_decay}, which still applies
 * to every parameter.
 */
public record RegularizerConfig(GroupPenalty l1, GroupPenalty l2, GroupPenalty decoupledDecay, HeadCoupling nuclear,
                                HeadCoupling graph, HeadCoupling prior) {
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
