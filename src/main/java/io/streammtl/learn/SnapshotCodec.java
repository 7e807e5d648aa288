package io.streammtl.learn;

import io.streammtl.learn.state.StateReader;
import io.streammtl.learn.state.StateWriter;
import io.streammtl.model.ModelBackend;

import java.io.IOException;
import java.nio.BufferUnderflowException;

/**
 * Writes and reads a learner's snapshot: little-endian, magic "SMTL", the format version, then the step counters,
 * the preprocessing statistics, the backend's parameters and optimiser state, the drift detectors and the drift
 * responses, each part after the other (the layout is in {@code docs/state-format.md}).
 */
final class SnapshotCodec {
    static final int MAGIC = 0x534D544C; // "SMTL"
    /** 4: drift detectors in explicit fields instead of Java serialization, parts no longer length-prefixed. */
    static final int VERSION = 4;
    /**
     * 3: the same parts, but the drift detectors Java-serialised, length-prefixed. Still read, so that an upgrade
     * keeps the model: everything but the detectors is restored, and they start afresh.
     */
    static final int DRIFT_SERIALIZED = 3;

    private final StepCounters counters;
    private final Preprocessing preprocessing;
    private final ModelBackend backend;
    private final DriftMonitor drift;
    private final DriftResponder responder;

    SnapshotCodec(StepCounters counters, Preprocessing preprocessing, ModelBackend backend, DriftMonitor drift,
                  DriftResponder responder) {
        this.counters = counters;
        this.preprocessing = preprocessing;
        this.backend = backend;
        this.drift = drift;
        this.responder = responder;
    }

    byte[] write() {
        StateWriter out = new StateWriter().putInt(MAGIC).putInt(VERSION);
        counters.write(out);
        preprocessing.write(out);
        out.put(backend.stateBytes(), backend::writeState);
        drift.write(out);
        responder.write(out);
        return out.toByteArray();
    }

    /** The format version a snapshot was written in, or -1 when it is not a snapshot. */
    static int version(byte[] snapshot) {
        StateReader in = new StateReader(snapshot);
        return in.remaining() >= 8 && in.getInt() == MAGIC ? in.getInt() : -1;
    }

    // Format 3's drift part is skipped, never deserialised: its detectors start afresh. The responses' part kept
    // its layout, behind a length prefix.
    private void readFormat3Tail(StateReader in) throws IOException {
        in.getBytes();
        drift.clear();
        int responses = in.getInt();
        int before = in.remaining();
        responder.read(in);
        if (before - in.remaining() != responses) {
            throw new IOException("format-3 drift responses take " + (before - in.remaining()) + " bytes, the snapshot says "
                    + responses);
        }
    }

    /** See {@link OnlineLearner#restore(byte[])}. */
    void read(byte[] snapshot) {
        StateReader in = new StateReader(snapshot);
        try {
            if (in.remaining() < 8 || in.getInt() != MAGIC) {
                throw new IOException("not a streammtl model snapshot");
            }
            int version = in.getInt();
            if (version != VERSION && version != DRIFT_SERIALIZED) {
                throw new IOException("snapshot format " + version + " is not supported (expected " + VERSION
                        + ", or " + DRIFT_SERIALIZED + " which is still read)");
            }
            counters.read(in);
            preprocessing.read(in);
            backend.readState(in.buffer());
            if (version == DRIFT_SERIALIZED) {
                readFormat3Tail(in);
            } else {
                drift.read(in);
                responder.read(in);
            }
            if (in.hasRemaining()) {
                throw new IOException(in.remaining() + " bytes left over: the snapshot is of another model");
            }
        } catch (IOException | BufferUnderflowException e) {
            throw new IllegalArgumentException("cannot restore snapshot: " + (e.getMessage() == null
                    ? "it is shorter than this model's state" : e.getMessage()), e);
        }
    }
}
