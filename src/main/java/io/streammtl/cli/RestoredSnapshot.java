package io.streammtl.cli;

import io.streammtl.config.ModelConfig;
import io.streammtl.config.ModelSpecHash;
import io.streammtl.learn.OnlineLearner;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a snapshot holds that only its spec can read: restored into a learner built from the spec, the optimiser's
 * kind and each task's drift detector with the examples it has seen, and the spec's hash to compare with a
 * record's {@code config_hash}.
 */
record RestoredSnapshot(String specHash, String optimizer, List<TaskDrift> drift, boolean driftRestored) {
    RestoredSnapshot {
        drift = List.copyOf(drift);
    }

    /** A task's drift detector ({@code none} when not watched) and the examples it has seen. */
    record TaskDrift(String task, String detector, long seen) {
    }

    /**
     * Restores {@code state} into a learner of {@code spec}; a state that does not fit the spec is an
     * IllegalArgumentException saying why. Format 3's detectors are not restored (they start afresh).
     */
    static RestoredSnapshot of(ModelConfig spec, byte[] state) {
        OnlineLearner learner = new OnlineLearner(spec);
        learner.restore(state);
        List<TaskDrift> drift = new ArrayList<>();
        for (int t = 0; t < spec.tasks().size(); t++) {
            boolean watched = learner.drift().watches(t);
            drift.add(new TaskDrift(spec.tasks().get(t).name(), watched ? learner.drift().detectorName(t) : "none",
                    watched ? learner.drift().seen(t) : 0));
        }
        return new RestoredSnapshot(ModelSpecHash.of(spec), spec.optimizer().kind().name().toLowerCase(Locale.ROOT),
                drift, OnlineLearner.keepsDriftDetectors(state));
    }

    /** Whether any task's detector state is in the snapshot and was restored. */
    boolean hasDriftState() {
        return driftRestored && drift.stream().anyMatch(d -> !d.detector().equals("none"));
    }
}
