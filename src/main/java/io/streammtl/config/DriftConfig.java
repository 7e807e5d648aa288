package io.streammtl.config;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Map;
import java.util.Objects;

/**
 * A task's drift detection: the detector fed with its prequential loss (regression) or error (classification),
 * the detector's parameters, and the response; {@code boostFactor}/{@code boostSteps} apply to BOOST_LR,
 * {@code snapshotEverySteps} to ROLLBACK (how often a candidate is kept) and {@code challenge} to CHALLENGE (its
 * race). Errors name paths relative to the drift section.
 */
public record DriftConfig(String detector, Map<String, Double> parameters, DriftResponse response,
                          double boostFactor, int boostSteps, int snapshotEverySteps,
                          @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = ChallengeRace.DefaultFilter.class)
                          ChallengeRace challenge) {
    /** Most steps a boost lasts or a rollback candidate waits. */
    public static final int MAX_STEPS = 1_000_000;

    public DriftConfig {
        parameters = Map.copyOf(parameters);
        Objects.requireNonNull(challenge, "challenge");
        Checks.positive("boost_factor", boostFactor);
        Checks.range("boost_steps", boostSteps, 1, MAX_STEPS);
        Checks.range("snapshot_every_steps", snapshotEverySteps, 1, MAX_STEPS);
        if (detector.equals("none") && (!parameters.isEmpty() || response != DriftResponse.NONE)) {
            throw new ConfigException("detector", "'none' takes no parameters and no response");
        }
    }

    /** No detection at all. */
    public static DriftConfig none() {
        return new DriftConfig("none", Map.of(), DriftResponse.NONE, 10, 100, 50, ChallengeRace.DEFAULT);
    }

    public boolean enabled() {
        return !detector.equals("none");
    }
}
