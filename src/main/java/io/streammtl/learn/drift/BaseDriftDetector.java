package io.streammtl.learn.drift;

/** Level, count and reset-after-drift bookkeeping shared by the detectors, which supply only the test. */
abstract class BaseDriftDetector implements DriftDetector {
    private static final long serialVersionUID = 1L;

    private DriftLevel level = DriftLevel.STABLE;
    private long seen;

    @Override
    public final DriftLevel update(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name() + " input must be finite, got " + value);
        }
        requireInDomain(value);
        if (level == DriftLevel.DRIFT) {
            reset();
        }
        seen++;
        level = observe(value);
        return level;
    }

    @Override
    public final DriftLevel level() {
        return level;
    }

    @Override
    public final long seen() {
        return seen;
    }

    @Override
    public final void reset() {
        level = DriftLevel.STABLE;
        seen = 0;
        clear();
    }

    /** Throws IllegalArgumentException for a finite value the test is not defined for. */
    void requireInDomain(double value) {
    }

    /** Updates the test with the {@code seen()}-th value since the reset and returns the new level. */
    abstract DriftLevel observe(double value);

    /** Clears the test's state. */
    abstract void clear();

    static void requireUnitInterval(String name, double value) {
        if (value < 0.0 || value > 1.0) {
            throw new IllegalArgumentException(name + " input must lie in [0, 1], got " + value);
        }
    }
}
