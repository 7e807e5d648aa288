package io.streammtl.learn.drift;

import io.streammtl.learn.state.StateReader;
import io.streammtl.learn.state.StateWriter;

import java.io.IOException;

/** Level, count and reset-after-drift bookkeeping shared by the detectors, which supply only the test. */
abstract class BaseDriftDetector implements DriftDetector {
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

    /** The level and count, then the test's own fields. */
    @Override
    public final void writeState(StateWriter out) {
        putLevel(out, level);
        out.putLong(seen);
        writeTest(out);
    }

    @Override
    public final void readState(StateReader in) throws IOException {
        level = getLevel(in);
        seen = in.getLong();
        if (seen < 0) {
            throw new IOException(name() + " state has a negative count " + seen);
        }
        readTest(in);
    }

    /** Throws IllegalArgumentException for a finite value the test is not defined for. */
    void requireInDomain(double value) {
    }

    /** Updates the test with the {@code seen()}-th value since the reset and returns the new level. */
    abstract DriftLevel observe(double value);

    /** Clears the test's state. */
    abstract void clear();

    /** Writes the test's state, every field {@link #observe} reads or writes. */
    abstract void writeTest(StateWriter out);

    /** Reads what {@link #writeTest} wrote. */
    abstract void readTest(StateReader in) throws IOException;

    /** A level as one byte, by an explicit code so that renaming or reordering the enum cannot change the format. */
    static void putLevel(StateWriter out, DriftLevel level) {
        out.putByte(switch (level) {
            case STABLE -> 0;
            case WARNING -> 1;
            case DRIFT -> 2;
        });
    }

    static DriftLevel getLevel(StateReader in) throws IOException {
        byte code = in.getByte();
        return switch (code) {
            case 0 -> DriftLevel.STABLE;
            case 1 -> DriftLevel.WARNING;
            case 2 -> DriftLevel.DRIFT;
            default -> throw new IOException("drift level code " + code + " is not 0, 1 or 2");
        };
    }

    static void requireUnitInterval(String name, double value) {
        if (value < 0.0 || value > 1.0) {
            throw new IllegalArgumentException(name + " input must lie in [0, 1], got " + value);
        }
    }
}
