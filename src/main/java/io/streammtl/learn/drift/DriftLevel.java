package io.streammtl.learn.drift;

/** How far a {@link DriftDetector} believes the monitored stream has moved from its reference. */
public enum DriftLevel {
    /** No evidence of change. */
    STABLE,
    /** Evidence of change below the drift threshold; only some detectors report it. */
    WARNING,
    /** Change detected; the detector starts a fresh reference on the next value. */
    DRIFT
}
