package io.streammtl.learn;

import io.streammtl.learn.state.StateReader;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a learner snapshot holds, read from its bytes alone (no spec): the format version, the spec it was made with
 * (format 5; null before), the step counters, the preprocessing columns, each parameter group's parameters and
 * sizes, and each task family's member count (format 6; the layout is in
 * {@code docs/state-format.md}). The parts after the parameter groups (task weighting, regularisers, drift
 * detectors, drift responses) take a size that only the spec knows, so they are counted together in
 * {@link #specDependentBytes}.
 */
public record SnapshotLayout(int formatVersion, SnapshotSpec spec, long steps, long rejectedNonFiniteLoss,
                             long rejectedNonFiniteGradient, long examples, int featureColumns, int targetColumns,
                             int modelStateVersion, List<Group> groups, List<BackgroundHead> backgroundHeads,
                             List<Family> families, int specDependentBytes, int totalBytes) {
    /** The model-state version ({@code MultiTaskTrainer}'s, inside part 5) whose layout this reader knows. */
    static final int MODEL_STATE_VERSION = 5;
    /** The model-state version before task families, still read. */
    static final int MODEL_STATE_NO_FAMILIES = 4;
    private static final String HEADER = "the header";
    private static final int PREPROCESSING_COLUMN_BYTES = 8 + 8 + 8;
    /** Per parameter: values, then the optimiser's two buffers, each one f32 per element. */
    private static final int BUFFERS = 3;

    public SnapshotLayout {
        groups = List.copyOf(groups);
        backgroundHeads = List.copyOf(backgroundHeads);
        families = List.copyOf(families);
    }

    /** A task family's members: task {@code task} (index in the spec), their number and bytes in the snapshot. */
    public record Family(int task, int members, int bytes) {
    }

    /** One parameter: its name and number of elements. */
    public record Parameter(String name, int size) {
    }

    /** A parameter group (the trunk, a head): its name, optimiser steps, parameters and bytes in the snapshot. */
    public record Group(String name, long steps, List<Parameter> parameters, int bytes) {
        public Group {
            parameters = List.copyOf(parameters);
        }

        /** Elements over all the group's parameters. */
        public long elements() {
            return parameters.stream().mapToLong(Parameter::size).sum();
        }

        /** Bytes of the parameters' values. */
        public long valueBytes() {
            return 4 * elements();
        }

        /** Bytes of the optimiser's state: two buffers per parameter, whatever the optimiser. */
        public long optimiserBytes() {
            return 2 * 4 * elements();
        }
    }

    /** A head being trained in the background for task {@code task} (index in the spec). */
    public record BackgroundHead(int task, Group group) {
    }

    /** Elements over every parameter group (background heads not counted, as the model's parameter count). */
    public long parameterCount() {
        return groups.stream().mapToLong(Group::elements).sum();
    }

    /** Bytes of optimiser state over every group, background heads included. */
    public long optimiserBytes() {
        return allGroups().stream().mapToLong(Group::optimiserBytes).sum();
    }

    /** Bytes of the preprocessing statistics (part 3 and 4). */
    public int preprocessingBytes() {
        return 4 + featureColumns * PREPROCESSING_COLUMN_BYTES + 4 + targetColumns * PREPROCESSING_COLUMN_BYTES;
    }

    private List<Group> allGroups() {
        List<Group> all = new ArrayList<>(groups);
        backgroundHeads.forEach(h -> all.add(h.group()));
        return all;
    }

    /**
     * Reads the layout of {@code snapshot}; one that is not a snapshot, of a format or model-state version this
     * reader does not know, or that ends early is an IllegalArgumentException saying which and where.
     */
    public static SnapshotLayout of(byte[] snapshot) {
        StateReader in = new StateReader(snapshot);
        String part = HEADER;
        try {
            if (in.remaining() < 8 || in.getInt() != SnapshotCodec.MAGIC) {
                throw new IOException("not a streammtl model snapshot (no SMTL header)");
            }
            int format = in.getInt();
            if (!SnapshotCodec.readable(format)) {
                throw new IOException("snapshot format " + format + " is not known (expected "
                        + SnapshotCodec.DRIFT_SERIALIZED + " to " + SnapshotCodec.VERSION + ")");
            }
            part = "the spec";
            SnapshotSpec spec = SnapshotCodec.recordedSpec(in, format);
            part = "the step counters";
            long steps = in.getLong();
            long rejectedLoss = in.getLong();
            long rejectedGradient = in.getLong();
            long examples = in.getLong();
            part = "the feature statistics";
            int features = columns(in);
            part = "the target statistics";
            int targets = columns(in);
            part = "the model state";
            int modelVersion = in.getInt();
            if (modelVersion != MODEL_STATE_VERSION && modelVersion != MODEL_STATE_NO_FAMILIES) {
                throw new IOException("model state version " + modelVersion + " is not known (expected "
                        + MODEL_STATE_NO_FAMILIES + " or " + MODEL_STATE_VERSION + ")");
            }
            int count = in.getCount("parameter groups", in.remaining());
            List<Group> groups = new ArrayList<>();
            for (int g = 0; g < count; g++) {
                part = "parameter group " + (g + 1) + " of " + count;
                groups.add(group(in));
            }
            part = "the background heads";
            int heads = in.getCount("background heads", in.remaining());
            List<BackgroundHead> background = new ArrayList<>();
            for (int h = 0; h < heads; h++) {
                part = "background head " + (h + 1) + " of " + heads;
                int task = in.getInt();
                background.add(new BackgroundHead(task, group(in)));
            }
            part = "the task families";
            List<Family> families = new ArrayList<>();
            int familyCount = modelVersion == MODEL_STATE_VERSION ? in.getCount("families", in.remaining()) : 0;
            for (int f = 0; f < familyCount; f++) {
                part = "task family " + (f + 1) + " of " + familyCount;
                families.add(family(in));
            }
            return new SnapshotLayout(format, spec, steps, rejectedLoss, rejectedGradient, examples, features, targets,
                    modelVersion, groups, background, families, in.remaining(), snapshot.length);
        } catch (IOException | BufferUnderflowException e) {
            String why = e instanceof BufferUnderflowException
                    ? "it ends inside " + part + " (" + snapshot.length + " bytes in all)"
                    : part.equals(HEADER) ? e.getMessage() : e.getMessage() + " (in " + part + ")";
            throw new IllegalArgumentException("cannot read snapshot: " + why, e);
        }
    }

    private static Family family(StateReader in) throws IOException {
        int start = in.buffer().position();
        int task = in.getInt();
        int width = in.getInt();
        int outputs = in.getInt();
        in.getLong();
        int members = in.getCount("family members", in.remaining());
        long memberFloats = 3L * ((long) width * outputs + outputs);
        for (int m = 0; m < members; m++) {
            in.getString();
            skip(in, 16 + 4 * memberFloats);
        }
        return new Family(task, members, in.buffer().position() - start);
    }

    private static int columns(StateReader in) throws IOException {
        int columns = in.getCount("preprocessing columns", in.remaining() / PREPROCESSING_COLUMN_BYTES);
        skip(in, (long) columns * PREPROCESSING_COLUMN_BYTES);
        return columns;
    }

    private static Group group(StateReader in) throws IOException {
        int start = in.buffer().position();
        String name = in.getString();
        long steps = in.getLong();
        int count = in.getCount("parameters in group " + name, in.remaining());
        List<Parameter> parameters = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            String parameter = in.getString();
            int size = in.getCount("elements in parameter " + parameter, Integer.MAX_VALUE);
            skip(in, (long) BUFFERS * 4 * size);
            parameters.add(new Parameter(parameter, size));
        }
        return new Group(name, steps, parameters, in.buffer().position() - start);
    }

    private static void skip(StateReader in, long bytes) {
        if (bytes > in.remaining()) {
            throw new BufferUnderflowException();
        }
        in.buffer().position(in.buffer().position() + (int) bytes);
    }
}
