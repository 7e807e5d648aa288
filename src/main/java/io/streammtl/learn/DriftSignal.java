package io.streammtl.learn;

import io.streammtl.config.DriftResponse;
import io.streammtl.learn.drift.DriftLevel;

/**
 * A detector's change of level on one task: where in the task's stream it happened, the detector's statistic,
 * the task's mean loss over the window before and the window up to the signal, and the response taken.
 */
public record DriftSignal(int task, String taskName, String detector, DriftLevel level, long examples,
                          double statistic, double lossBefore, double lossAfter, DriftResponse response,
                          long modelVersion) {
}
