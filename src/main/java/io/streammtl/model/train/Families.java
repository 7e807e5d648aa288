package io.streammtl.model.train;

import io.streammtl.config.ModelConfig;
import io.streammtl.config.TaskConfig;
import io.streammtl.model.MemberDeviations;
import io.streammtl.model.MultiTaskNetwork;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * The task families of a model in the training step: each family task's {@link MemberDeviations}, the member keys of
 * the next batch's rows, and the host copies of its output layer's inputs and their extra gradient.
 */
final class Families {
    private final MemberDeviations[] members;
    private final String[][] keys;
    private final float[][] lastInputs;
    private final float[][] lastInputGrads;
    private final boolean[] bound;

    Families(ModelConfig config, MultiTaskNetwork network, int capacity) {
        List<TaskConfig> tasks = config.tasks();
        this.members = new MemberDeviations[tasks.size()];
        this.keys = new String[tasks.size()][];
        this.lastInputs = new float[tasks.size()][];
        this.lastInputGrads = new float[tasks.size()][];
        this.bound = new boolean[tasks.size()];
        for (int t = 0; t < tasks.size(); t++) {
            TaskConfig task = tasks.get(t);
            if (task.isFamily()) {
                int width = network.lastLayerWidth(t);
                members[t] = new MemberDeviations(task.family(), width, task.outputs(), capacity, config.optimizer());
                keys[t] = new String[capacity];
                lastInputs[t] = new float[capacity * width];
                lastInputGrads[t] = new float[capacity * width];
            }
        }
    }

    /** Family task {@code t}'s members, or null when {@code t} is not a family. */
    MemberDeviations of(int t) {
        return members[t];
    }

    /** The member keys of the next batch's first {@code rows} rows for family task {@code t} (null: no key). */
    void setKeys(int t, String[] rowKeys, int rows) {
        if (members[t] == null) {
            throw new IllegalArgumentException("task " + t + " is not a family; it takes no member keys");
        }
        System.arraycopy(rowKeys, 0, keys[t], 0, rows);
    }

    /** Binds the rows to their members; with {@code labeled} (null: predicting) labeled rows create members. */
    void bind(boolean[][] labeled, int rows) {
        for (int t = 0; t < members.length; t++) {
            if (members[t] != null) {
                members[t].bind(keys[t], labeled == null ? null : labeled[t], rows);
                bound[t] = members[t].anyBound(rows);
            }
        }
    }

    /** Adds the bound rows' deviations to the raw outputs of the forward pass just run. */
    void addOutputs(MultiTaskNetwork network, float[][] outputs, int rows) {
        for (int t = 0; t < members.length; t++) {
            if (bound[t]) {
                network.lastLayerInputs(t, lastInputs[t], rows);
                members[t].addOutputs(lastInputs[t], outputs[t], rows);
            }
        }
    }

    /** The shrinkage penalties of the members that step. */
    double penalty() {
        double sum = 0;
        for (int t = 0; t < members.length; t++) {
            sum += bound[t] ? members[t].penalty() : 0;
        }
        return sum;
    }

    /**
     * The members' gradients from the heads' dL/dz, and the deviations' share of dL/dh handed to the network for its
     * next backward pass; returns their squared norm.
     */
    double backward(MultiTaskNetwork network, float[][] gradients, boolean[] active, int rows) {
        double squared = 0;
        for (int t = 0; t < members.length; t++) {
            if (bound[t] && active[t]) {
                members[t].backward(lastInputs[t], gradients[t], rows, lastInputGrads[t]);
                network.addLastLayerInputGradient(t, lastInputGrads[t], rows);
                squared += members[t].gradientSquaredNorm();
            }
        }
        return squared;
    }

    /** One step of the members that have a label, at each family head's learning-rate scale. */
    void step(float gradientScale, double[] learningRateScale) {
        for (int t = 0; t < members.length; t++) {
            if (bound[t]) {
                members[t].step(gradientScale, learningRateScale[t]);
            }
        }
    }

    /** Ends the step (see {@link MemberDeviations#finishStep}) and forgets the rows' keys. */
    void finishStep(boolean applied, boolean[][] labeled, int rows) {
        for (int t = 0; t < members.length; t++) {
            if (members[t] != null) {
                members[t].finishStep(applied, labeled[t], rows);
            }
        }
        forgetKeys(rows);
    }

    /** Forgets the rows' keys: they apply to one batch. */
    void forgetKeys(int rows) {
        for (int t = 0; t < members.length; t++) {
            if (members[t] != null) {
                Arrays.fill(keys[t], 0, rows, null);
                bound[t] = false;
            }
        }
    }

    int stateBytes() {
        int bytes = 4;
        for (MemberDeviations family : members) {
            bytes += family == null ? 0 : 4 + family.stateBytes();
        }
        return bytes;
    }

    /** The number of families, then each one's task index and members. */
    void write(ByteBuffer out) {
        out.putInt((int) Arrays.stream(members).filter(m -> m != null).count());
        for (int t = 0; t < members.length; t++) {
            if (members[t] != null) {
                out.putInt(t);
                members[t].write(out);
            }
        }
    }

    /**
     * Reads what {@link #write} wrote under a spec whose task {@code i} is task {@code taskOf[i]} now (-1: removed);
     * the members of a family that is gone are skipped, a family without stored members starts empty.
     */
    void read(ByteBuffer in, int[] taskOf) throws IOException {
        int count = in.getInt();
        for (int i = 0; i < count; i++) {
            int stored = in.getInt();
            if (stored < 0 || stored >= taskOf.length) {
                throw new IOException("family members of task " + stored + "; the stored model has " + taskOf.length
                        + " tasks");
            }
            int t = taskOf[stored];
            if (t < 0 || members[t] == null) {
                MemberDeviations.skip(in);
            } else {
                members[t].read(in);
            }
        }
    }
}
