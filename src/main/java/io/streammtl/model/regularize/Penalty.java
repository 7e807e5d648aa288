package io.streammtl.model.regularize;

/** A differentiable term of R(θ): its value and its gradient, added to the parameters' gradient buffers. */
interface Penalty {
    /** R's value at the current parameters. */
    double value();

    /** Adds dR/dθ to the gradients of the trunk and of the heads marked active (other heads do not step). */
    void addGradient(boolean[] activeHeads);
}
