package io.streammtl.config;

import java.util.Map;

/**
 * A task's drift detection: the detector fed with its prequential loss (regression) or error (classification),
 * the detector's parameters, and the response; {@code boostFactor}/{@code boostSteps} apply to BOOST_LR and
 * {@code snapshotEverySteps} to ROLLBACK (how often a candidate is kept).
 */
public record DriftConfig(String detector, Map<String, Double> parameters, DriftResponse response,
                          double boostFactor, int boostSteps, int snapshotEverySteps) {
    public DriftConfig {
        parameters = Map.copyOf(parameters);
    }

    /** No detection at all. */
    public static DriftConfig none() {
        return new DriftConfig("none", Map.of(), DriftResponse.NONE, 10, 100, 50);
    }

    public boolean enabled() {
        return !detector.equals("none");
    }
}
