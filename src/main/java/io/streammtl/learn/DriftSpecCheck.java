package io.streammtl.learn;

import io.streammtl.config.ConfigException;
import io.streammtl.config.DriftConfig;
import io.streammtl.config.ModelConfig;
import io.streammtl.learn.drift.DriftDetectorSpec;
import io.streammtl.learn.drift.DriftDetectors;

/**
 * Checks each task's drift detector parameters against the detectors this build has, so that a bad name or range
 * fails at start-up with the task's spec path. It lives here, not in {@code config}, because only the detectors know
 * their parameters.
 */
public final class DriftSpecCheck {
    private DriftSpecCheck() {
    }

    /** Throws a {@link ConfigException} at {@code tasks[t].drift} for the first detector that cannot be built. */
    public static void check(ModelConfig model) {
        for (int t = 0; t < model.tasks().size(); t++) {
            DriftConfig drift = model.tasks().get(t).drift();
            if (!drift.enabled()) {
                continue;
            }
            try {
                DriftDetectors.create(new DriftDetectorSpec(drift.detector(), drift.parameters()));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("tasks[" + t + "].drift", e.getMessage());
            }
        }
    }
}
