package io.streammtl.learn;

import io.streammtl.config.ModelConfig;
import io.streammtl.learn.state.StateReader;
import io.streammtl.learn.state.StateWriter;
import io.streammtl.model.ModelBackend;

import java.io.IOException;
import java.nio.BufferUnderflowException;

/**
 * Writes and reads a learner's snapshot: little-endian, magic "SMTL", the format version, the spec it was made with,
 * then the step counters, the preprocessing statistics, the backend's parameters and optimiser state, the drift
 * detectors and the drift responses, each part after the other (the layout is in {@code docs/state-format.md}). A
 * snapshot of another spec is carried over as {@link SpecCarryOver} says, or refused.
 */
final class SnapshotCodec {
    static final int MAGIC = 0x534D544C; // "SMTL"
    /** 6: task families in the spec, and their members in the model state (model state version 5). */
    static final int VERSION = 6;
    /** 5: the spec the snapshot was made with ({@link SnapshotSpec}) after the header, no families. Still read. */
    static final int NO_FAMILIES = 5;
    /**
     * 4: drift detectors in explicit fields instead of Java serialization, parts no longer length-prefixed; no spec.
     * Still read into the same spec.
     */
    static final int NO_SPEC = 4;
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
    private final ModelConfig config;
    /** Built on first use: its spec hash renders the whole spec, which learners that never snapshot skip. */
    private SnapshotSpec spec;
    private String carriedOver;

    SnapshotCodec(ModelConfig config, StepCounters counters, Preprocessing preprocessing, ModelBackend backend,
                  DriftMonitor drift, DriftResponder responder) {
        this.config = config;
        this.counters = counters;
        this.preprocessing = preprocessing;
        this.backend = backend;
        this.drift = drift;
        this.responder = responder;
    }

    byte[] write() {
        StateWriter out = new StateWriter().putInt(MAGIC).putInt(VERSION);
        spec().write(out);
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

    /** Whether this reader restores snapshots of format {@code version}. */
    static boolean readable(int version) {
        return version == VERSION || version == NO_FAMILIES || version == NO_SPEC || version == DRIFT_SERIALIZED;
    }

    /** The spec a snapshot of format {@code version} records (null before format 5). */
    static SnapshotSpec recordedSpec(StateReader in, int version) throws IOException {
        return version == VERSION || version == NO_FAMILIES ? SnapshotSpec.read(in, version == VERSION) : null;
    }

    /** See {@link OnlineLearner#restore(byte[])}. */
    void read(byte[] snapshot) {
        StateReader in = new StateReader(snapshot);
        carriedOver = null;
        int version = -1;
        try {
            if (in.remaining() < 8 || in.getInt() != MAGIC) {
                throw new IOException("not a streammtl model snapshot");
            }
            version = in.getInt();
            if (!readable(version)) {
                throw new IOException("snapshot format " + version + " is not supported (expected " + VERSION
                        + ", or " + NO_FAMILIES + ", " + NO_SPEC + " or " + DRIFT_SERIALIZED + " which are still read)");
            }
            SnapshotSpec recorded = recordedSpec(in, version);
            if (recorded != null && !recorded.sameLayout(spec())) {
                carryOver(in, SpecCarryOver.plan(recorded, spec()));
                return;
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
            String why = e.getMessage() == null ? "it is shorter than this model's state" : e.getMessage();
            String noSpec = version == NO_SPEC || version == DRIFT_SERIALIZED
                    ? " (snapshot format " + version + " records no spec, so a changed spec cannot carry it over: "
                    + SpecCarryOver.START_FRESH + ")" : "";
            throw new IllegalArgumentException("cannot restore snapshot: " + why + noSpec, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot restore snapshot: " + e.getMessage(), e);
        }
    }

    // What is not carried keeps the values of the learner as built; the drift responses (their rollback states hold
    // the old layout) always start afresh, the detectors unless the task set is unchanged.
    private void carryOver(StateReader in, SpecCarryOver plan) throws IOException {
        counters.read(in);
        preprocessing.readMapped(in, plan.featureColumnOf(), plan.targetColumnOf());
        backend.readState(in.buffer(), plan.modelMapping());
        if (plan.tasksUnchanged()) {
            drift.read(in);
        } else {
            drift.clear();
        }
        for (String task : plan.addedTasks()) {
            int t = spec().tasks().stream().map(SnapshotSpec.Task::name).toList().indexOf(task);
            backend.heads().resetHead(t, headSeed(task));
        }
        carriedOver = plan.describe();
    }

    /** A new task's head starts from the model seed and its name, wherever it sits in the task list. */
    private long headSeed(String task) {
        return config.seed() ^ ((long) Murmur3.hash32(task, 0x5EED) << 32);
    }

    private SnapshotSpec spec() {
        if (spec == null) {
            spec = SnapshotSpec.of(config);
        }
        return spec;
    }

    /** What the last {@link #read} carried over from a snapshot of another spec, or null if its spec was the same. */
    String carriedOver() {
        return carriedOver;
    }
}
