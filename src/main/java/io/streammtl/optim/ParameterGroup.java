package io.streammtl.optim;

import io.streammtl.compute.ComputeBackend;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Parameters that step together (the trunk, or one task's head) with their own step count, so a head
 * whose task had no label in a batch neither moves nor advances its optimiser state.
 */
public final class ParameterGroup {
    private final String name;
    private final List<Parameter> parameters;
    private final ComputeBackend compute;
    private long steps;

    /** A group of parameters whose buffers {@code compute} owns. */
    public ParameterGroup(String name, List<Parameter> parameters, ComputeBackend compute) {
        this.name = name;
        this.parameters = List.copyOf(parameters);
        this.compute = compute;
    }

    public String name() {
        return name;
    }

    public List<Parameter> parameters() {
        return parameters;
    }

    /** The backend that owns the parameters' buffers and runs the optimiser's kernels on them. */
    public ComputeBackend compute() {
        return compute;
    }

    /** Optimiser steps applied to this group. */
    public long steps() {
        return steps;
    }

    void advance() {
        steps++;
    }

    /** Takes over another group's values, optimiser state and step count (same shapes, e.g. a background head). */
    public void copyFrom(ParameterGroup other) {
        for (int i = 0; i < parameters.size(); i++) {
            Parameter to = parameters.get(i);
            Parameter from = other.parameters.get(i);
            if (to.size() != from.size()) {
                throw new IllegalArgumentException("parameter " + from.name() + " does not fit " + to.name());
            }
            compute.copy(from.values(), to.values(), to.size());
            compute.copy(from.first(), to.first(), to.size());
            compute.copy(from.second(), to.second(), to.size());
        }
        steps = other.steps;
    }

    /** Forgets the optimiser state (moments and step count) after the values were re-initialised. */
    public void resetOptimizerState() {
        for (Parameter p : parameters) {
            compute.fill(p.first(), 0f);
            compute.fill(p.second(), 0f);
        }
        steps = 0;
    }

    /** Sum of squared gradient entries, in double. */
    public double gradientSquaredNorm() {
        double sum = 0;
        for (Parameter p : parameters) {
            sum = compute.addSquares(p.gradient(), p.size(), sum);
        }
        return sum;
    }

    public int size() {
        return parameters.stream().mapToInt(Parameter::size).sum();
    }

    /** Bytes {@link #write} needs. */
    public int stateBytes() {
        int bytes = StateBuffers.stringBytes(name) + 8 + 4;
        for (Parameter p : parameters) {
            bytes += StateBuffers.stringBytes(p.name()) + 4 + 3 * 4 * p.size();
        }
        return bytes;
    }

    /** Writes values, optimiser state and step count: everything needed to continue bit for bit. */
    public void write(ByteBuffer out) {
        StateBuffers.putString(out, name);
        out.putLong(steps);
        out.putInt(parameters.size());
        for (Parameter p : parameters) {
            StateBuffers.putString(out, p.name());
            out.putInt(p.size());
            compute.write(p.values(), out);
            compute.write(p.first(), out);
            compute.write(p.second(), out);
        }
    }

    /** Restores what {@link #write} wrote; the shapes must match this group's. */
    public void read(ByteBuffer in) throws IOException {
        String storedName = StateBuffers.getString(in);
        if (!storedName.equals(name)) {
            throw new IOException("snapshot group '" + storedName + "' where '" + name + "' was expected");
        }
        long storedSteps = in.getLong();
        int count = in.getInt();
        if (count != parameters.size()) {
            throw new IOException("snapshot group '" + name + "' has " + count + " parameters, expected "
                    + parameters.size());
        }
        for (Parameter p : parameters) {
            String pName = StateBuffers.getString(in);
            int size = in.getInt();
            if (!pName.equals(p.name()) || size != p.size()) {
                throw new IOException("snapshot parameter " + pName + "[" + size + "] does not match " + p.name()
                        + "[" + p.size() + "]");
            }
            compute.read(in, p.values());
            compute.read(in, p.first());
            compute.read(in, p.second());
        }
        steps = storedSteps;
    }
}
