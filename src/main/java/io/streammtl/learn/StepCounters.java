package io.streammtl.learn;

import io.streammtl.model.StepOutcome;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

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

    void write(DataOutput out) throws IOException {
        out.writeLong(applied);
        out.writeLong(rejectedNonFiniteLoss);
        out.writeLong(rejectedNonFiniteGradient);
        out.writeLong(examples);
    }

    void read(DataInput in) throws IOException {
        applied = in.readLong();
        rejectedNonFiniteLoss = in.readLong();
        rejectedNonFiniteGradient = in.readLong();
        examples = in.readLong();
    }
}
