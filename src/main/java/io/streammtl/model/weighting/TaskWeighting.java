package io.streammtl.model.weighting;

import io.streammtl.config.ModelConfig;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A task-weighting strategy: the weights λ_t of {@code Σ_t λ_t L_t} for a step, and how they adapt after it. A task
 * without labels in a step keeps its own state (its loss history, its learned parameter); strategies that normalise
 * over tasks may still move its weight through the normalisation.
 */
public interface TaskWeighting {
    /**
     * Writes this step's weights into {@code out} (task order) from the state and the step's mean task losses
     * ({@code losses[t]} is valid where {@code active[t]}); changes no state, so a rejected step leaves it as it was.
     */
    void weights(double[] losses, boolean[] active, double[] out);

    /** Whether {@link #update} needs each active task's gradient norm at the last shared layer. */
    default boolean needsSharedGradientNorms() {
        return false;
    }

    /**
     * Adapts the state after an applied step with these losses and the weights it used; {@code norms[t]} is
     * ‖∇_W λ_t L_t‖ at the last shared layer when {@link #needsSharedGradientNorms()}, else null.
     */
    void update(double[] losses, boolean[] active, double[] used, double[] norms);

    /** Number of tasks weighted. */
    int tasks();

    /** The weights as they stand now, task order (what the next step would use for tasks with no new state). */
    default double[] current() {
        double[] out = new double[tasks()];
        weights(null, null, out);
        return out;
    }

    int stateBytes();

    void write(ByteBuffer out);

    void read(ByteBuffer in) throws IOException;

    /** The strategy a spec asks for. */
    static TaskWeighting of(ModelConfig config) {
        double[] base = config.tasks().stream().mapToDouble(t -> t.weight()).toArray();
        return switch (config.weighting().kind()) {
            case STATIC -> new StaticWeighting(base);
            case UNCERTAINTY -> new UncertaintyWeighting(base, UncertaintyWeighting.factors(config.tasks()),
                    config.weighting().lr());
            case GRADNORM -> new GradNormWeighting(base, config.weighting().alpha(), config.weighting().lr());
            case DWA -> new DwaWeighting(base, config.weighting().temperature(), config.weighting().window());
            case LOSS_SCALE -> new LossScaleWeighting(base, config.weighting().beta());
        };
    }
}
