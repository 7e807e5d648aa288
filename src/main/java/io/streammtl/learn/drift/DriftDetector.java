package io.streammtl.learn.drift;

import io.streammtl.learn.state.StateReader;
import io.streammtl.learn.state.StateWriter;

import java.io.IOException;

/**
 * An online concept-drift detector fed one value per example: the prequential loss for regression or
 * the 0/1 error indicator for classification (each implementation states which inputs it accepts).
 *
 * <p>After {@link #update} returns {@link DriftLevel#DRIFT} the detector resets itself, as River does:
 * the reset happens at the start of the next {@code update}, so until then {@link #level()},
 * {@link #statistic()} and {@link #seen()} still describe the detection. Implementations are not
 * thread-safe.
 */
public interface DriftDetector {

    /**
     * Feeds one value and returns the level after it.
     *
     * @throws IllegalArgumentException if the value is not finite or outside the detector's input domain
     */
    DriftLevel update(double value);

    /** The level after the last value, {@link DriftLevel#STABLE} before any. */
    DriftLevel level();

    /** The detector's test statistic, for monitoring; each implementation documents what it is. */
    double statistic();

    /** Values fed since the last reset, explicit or after a drift. */
    long seen();

    /** The detector's kind as used in configuration, e.g. {@code "adwin"}. */
    String name();

    /** Forgets everything seen, returning to the state of a new detector with the same parameters. */
    void reset();

    /** Writes what the detector has learned (not its parameters, which come from the spec). */
    void writeState(StateWriter out);

    /**
     * Replaces what the detector has learned with a state written by {@link #writeState} of a detector of the same
     * kind; afterwards it behaves exactly as the writer did.
     *
     * @throws IOException if the state cannot be one of this detector's
     */
    void readState(StateReader in) throws IOException;
}
