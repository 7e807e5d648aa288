package io.streammtl.model.train;

import io.streammtl.optim.StateBuffers;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A parameter group as {@code ParameterGroup.write} stored it, read into heap arrays so that it can be carried into a
 * model of a changed spec: kept as it is, or with the trunk's first-layer input rows moved to new positions.
 */
final class StoredGroup {
    private final String name;
    private final long steps;
    private final List<Stored> parameters;

    private record Stored(String name, float[] values, float[] first, float[] second) {
    }

    private StoredGroup(String name, long steps, List<Stored> parameters) {
        this.name = name;
        this.steps = steps;
        this.parameters = parameters;
    }

    static StoredGroup read(ByteBuffer in) {
        String name = StateBuffers.getString(in);
        long steps = in.getLong();
        int count = in.getInt();
        List<Stored> parameters = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            String parameter = StateBuffers.getString(in);
            int size = in.getInt();
            parameters.add(new Stored(parameter, floats(in, size), floats(in, size), floats(in, size)));
        }
        return new StoredGroup(name, steps, parameters);
    }

    private static float[] floats(ByteBuffer in, int size) {
        float[] values = new float[size];
        in.asFloatBuffer().get(values);
        in.position(in.position() + 4 * size);
        return values;
    }

    String name() {
        return name;
    }

    /**
     * A copy whose parameter {@code parameter} (rows × {@code columns}, row-major) has its row r moved to
     * {@code rowOf[r]} (-1: dropped) among {@code rows} rows; rows nothing moves to are zero, values and optimiser
     * state alike.
     */
    StoredGroup withRowsMoved(String parameter, int[] rowOf, int rows, int columns) {
        List<Stored> moved = new ArrayList<>();
        for (Stored p : parameters) {
            moved.add(p.name().equals(parameter)
                    ? new Stored(p.name(), move(p.values(), rowOf, rows, columns), move(p.first(), rowOf, rows, columns),
                    move(p.second(), rowOf, rows, columns))
                    : p);
        }
        return new StoredGroup(name, steps, moved);
    }

    private static float[] move(float[] from, int[] rowOf, int rows, int columns) {
        float[] to = new float[rows * columns];
        for (int r = 0; r < rowOf.length; r++) {
            if (rowOf[r] >= 0) {
                System.arraycopy(from, r * columns, to, rowOf[r] * columns, columns);
            }
        }
        return to;
    }

    /** This group in {@code ParameterGroup.write}'s layout, in {@code order}, for {@code ParameterGroup.read}. */
    ByteBuffer toBuffer(java.nio.ByteOrder order) {
        int bytes = StateBuffers.stringBytes(name) + 8 + 4;
        for (Stored p : parameters) {
            bytes += StateBuffers.stringBytes(p.name()) + 4 + 3 * 4 * p.values().length;
        }
        ByteBuffer out = ByteBuffer.allocate(bytes).order(order);
        StateBuffers.putString(out, name);
        out.putLong(steps).putInt(parameters.size());
        for (Stored p : parameters) {
            StateBuffers.putString(out, p.name());
            out.putInt(p.values().length);
            for (float[] buffer : new float[][] {p.values(), p.first(), p.second()}) {
                out.asFloatBuffer().put(buffer);
                out.position(out.position() + 4 * buffer.length);
            }
        }
        return out.flip();
    }
}
