package io.streammtl.optim;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;

/**
 * Parameters that step together (the trunk, or one task's head) with their own step count, so a head
 * whose task had no label in a batch neither moves nor advances its optimiser state.
 */
public final class ParameterGroup {
    private final String name;
    private final List<Parameter> parameters;
    private long steps;

    public ParameterGroup(String name, List<Parameter> parameters) {
        this.name = name;
        this.parameters = List.copyOf(parameters);
    }

    public String name() {
        return name;
    }

    public List<Parameter> parameters() {
        return parameters;
    }

    /** Optimiser steps applied to this group. */
    public long steps() {
        return steps;
    }

    void advance() {
        steps++;
    }

    /** Sum of squared gradient entries, in double. */
    public double gradientSquaredNorm() {
        double sum = 0;
        for (Parameter p : parameters) {
            java.nio.FloatBuffer g = p.gradient();
            for (int i = 0, n = p.size(); i < n; i++) {
                double v = g.get(i);
                sum += v * v;
            }
        }
        return sum;
    }

    public int size() {
        return parameters.stream().mapToInt(Parameter::size).sum();
    }

    /** Writes values, optimiser state and step count: everything needed to continue bit for bit. */
    public void write(DataOutput out) throws IOException {
        out.writeUTF(name);
        out.writeLong(steps);
        out.writeInt(parameters.size());
        for (Parameter p : parameters) {
            out.writeUTF(p.name());
            out.writeInt(p.size());
            for (int i = 0; i < p.size(); i++) {
                out.writeFloat(p.values().get(i));
            }
            writeFloats(out, p.first());
            writeFloats(out, p.second());
        }
    }

    /** Restores what {@link #write} wrote; the shapes must match this group's. */
    public void read(DataInput in) throws IOException {
        String storedName = in.readUTF();
        if (!storedName.equals(name)) {
            throw new IOException("snapshot group '" + storedName + "' where '" + name + "' was expected");
        }
        long storedSteps = in.readLong();
        int count = in.readInt();
        if (count != parameters.size()) {
            throw new IOException("snapshot group '" + name + "' has " + count + " parameters, expected "
                    + parameters.size());
        }
        for (Parameter p : parameters) {
            String pName = in.readUTF();
            int size = in.readInt();
            if (!pName.equals(p.name()) || size != p.size()) {
                throw new IOException("snapshot parameter " + pName + "[" + size + "] does not match " + p.name()
                        + "[" + p.size() + "]");
            }
            for (int i = 0; i < size; i++) {
                p.values().put(i, in.readFloat());
            }
            readFloats(in, p.first());
            readFloats(in, p.second());
        }
        steps = storedSteps;
    }

    private static void writeFloats(DataOutput out, float[] values) throws IOException {
        for (float v : values) {
            out.writeFloat(v);
        }
    }

    private static void readFloats(DataInput in, float[] values) throws IOException {
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readFloat();
        }
    }
}
