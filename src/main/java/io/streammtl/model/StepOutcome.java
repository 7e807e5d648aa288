package io.streammtl.model;

/** What one optimiser step did: applied, or rejected with the reason; with its losses and gradient norm. */
public record StepOutcome(Status status, double totalLoss, double[] taskLosses, double gradientNorm,
                          boolean clipped) {

    /** Whether the step changed the model, and if not, why. */
    public enum Status {
        APPLIED, NO_LABELS, NON_FINITE_LOSS, NON_FINITE_GRADIENT
    }

    public boolean applied() {
        return status == Status.APPLIED;
    }

    /** A rejected step: anything but {@link Status#APPLIED} or {@link Status#NO_LABELS}. */
    public boolean rejected() {
        return status == Status.NON_FINITE_LOSS || status == Status.NON_FINITE_GRADIENT;
    }
}
