package io.streammtl.model.regularize;

import io.streammtl.config.GroupPenalty;
import io.streammtl.config.ModelConfig;
import io.streammtl.config.RegularizerConfig;
import io.streammtl.compute.DeviceBuffer;
import io.streammtl.model.DenseLayer;
import io.streammtl.model.MultiTaskNetwork;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The regulariser R(θ) of a model: differentiable penalties (L1, coupled L2, task graph, Gaussian prior) add their
 * gradients before the gradient norm is taken (so clipping sees the whole objective), and after the optimiser step
 * decoupled weight decay, the nuclear-norm proximal step and the prior's online estimate of θ̄ and σ² follow. Heads
 * whose task had no label get no penalty gradient and no decay (they do not step); the nuclear-norm step acts on
 * all its heads at once, as it is a property of their joint matrix.
 */
public final class Regularizers {
    private final List<Penalty> penalties = new ArrayList<>();
    private final GroupPenalty decay;
    private final MultiTaskNetwork network;
    private final NuclearProx nuclear;
    private final boolean[] nuclearMember;
    private final GaussianPrior prior;
    private final GraphPenalty graph;

    public Regularizers(ModelConfig config, MultiTaskNetwork network) {
        RegularizerConfig r = config.regularizers();
        int tasks = config.tasks().size();
        this.network = network;
        if (r.l1().enabled()) {
            penalties.add(new WeightPenalty(true, r.l1(), network, tasks));
        }
        if (r.l2().enabled()) {
            penalties.add(new WeightPenalty(false, r.l2(), network, tasks));
        }
        this.graph = r.graph().enabled() ? new GraphPenalty(r.graph(), config.tasks(), network) : null;
        if (graph != null) {
            penalties.add(graph);
        }
        this.prior = r.prior().enabled() ? new GaussianPrior(r.prior(), config.tasks(), network) : null;
        if (prior != null) {
            penalties.add(prior);
        }
        this.decay = r.decoupledDecay();
        this.nuclear = r.nuclear().enabled() ? new NuclearProx(r.nuclear(), config.tasks(), network) : null;
        this.nuclearMember = new boolean[tasks];
        for (String name : r.nuclear().tasks()) {
            nuclearMember[config.tasks().stream().map(t -> t.name()).toList().indexOf(name)] = true;
        }
    }

    /** Whether anything is configured. */
    public boolean any() {
        return !penalties.isEmpty() || decay.enabled() || nuclear != null;
    }

    /** R(θ) of the differentiable penalties plus the nuclear norm term (decoupled decay has no objective). */
    public double value() {
        double sum = 0;
        for (Penalty p : penalties) {
            sum += p.value();
        }
        return nuclear == null ? sum : sum + nuclear.value();
    }

    /** Adds the penalties' gradients to the trunk's and the active heads' gradients. */
    public void addGradients(boolean[] activeHeads) {
        for (Penalty p : penalties) {
            p.addGradient(activeHeads);
        }
    }

    /**
     * After the optimiser step (base learning rate {@code lr}, heads at {@code lr·headScale[t]}): decoupled decay,
     * the nuclear-norm proximal step with the base rate, then the prior's estimate.
     */
    public void afterStep(boolean[] activeHeads, double lr, double[] headScale) {
        if (decay.enabled()) {
            if (decay.trunk()) {
                for (DenseLayer layer : network.trunkLayers()) {
                    shrink(layer.weights(), lr);
                }
            }
            if (decay.heads()) {
                for (int t = 0; t < activeHeads.length; t++) {
                    if (activeHeads[t]) {
                        for (DenseLayer layer : network.headLayers(t)) {
                            shrink(layer.weights(), lr * headScale[t]);
                        }
                    }
                }
            }
        }
        if (nuclear != null) {
            boolean touched = false;
            for (int t = 0; t < activeHeads.length; t++) {
                touched |= activeHeads[t] && nuclearMember[t];
            }
            if (touched) {
                nuclear.apply(lr);
            }
        }
        if (prior != null) {
            prior.estimate();
        }
    }

    private void shrink(DeviceBuffer weights, double lr) {
        float factor = (float) (1 - lr * decay.strength());
        FloatBuffer w = network.compute().hostView(weights);
        for (int i = 0, n = weights.size(); i < n; i++) {
            w.put(i, w.get(i) * factor);
        }
        network.compute().commitHostView(weights);
    }

    public int stateBytes() {
        return prior == null ? 0 : prior.stateBytes();
    }

    public void write(ByteBuffer out) {
        if (prior != null) {
            prior.write(out);
        }
    }

    public void read(ByteBuffer in) {
        if (prior != null) {
            prior.read(in);
        }
    }
}
