package io.streammtl.learn;

import io.streammtl.learn.state.StateReader;
import io.streammtl.learn.state.StateWriter;
import io.streammtl.model.StepOutcome;

/** Counts of what the learner has done: steps applied, steps rejected by reason, examples learned from. */
public final class StepCounters {
    private long applied;
    private long rejectedNonFiniteLoss;
    private long rejectedNonFiniteGradient;
    private long examples;

    void record(StepOutcome outcome, int rows) {
        examples += rows;
        switch (outcome.status()) {
            case APPLIED -> applied++;
            case NON_FINITE_LOSS -> rejectedNonFiniteLoss++;
            case NON_FINITE_GRADIENT -> rejectedNonFiniteGradient++;
            case NO_LABELS -> { }
        }
    }

    /** Steps applied; also the model version. */
    public long applied() {
        return applied;
    }

    public long rejectedNonFiniteLoss() {
        return rejectedNonFiniteLoss;
    }

    public long rejectedNonFiniteGradient() {
        return rejectedNonFiniteGradient;
    }

    public long rejected() {
        return rejectedNonFiniteLoss + rejectedNonFiniteGradient;
    }

    /** Examples passed through {@code predictThenLearn}. */
    public long examples() {
        return examples;
    }

    /** Applied, rejected for a non-finite loss, rejected for a non-finite gradient, examples. */
    void write(StateWriter out) {
        out.putLong(applied).putLong(rejectedNonFiniteLoss).putLong(rejectedNonFiniteGradient).putLong(examples);
    }

    void read(StateReader in) {
        applied = in.getLong();
        rejectedNonFiniteLoss = in.getLong();
        rejectedNonFiniteGradient = in.getLong();
        examples = in.getLong();
    }
}
