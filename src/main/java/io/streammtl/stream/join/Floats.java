package io.streammtl.stream.join;

import io.streammtl.learn.state.StateReader;
import io.streammtl.learn.state.StateWriter;

import java.io.IOException;

/** Float arrays in the join's explicit formats: a count, then the values. */
final class Floats {
    /** Longest array a record may hold: far above any model's input width or class count. */
    private static final int MAX = 1 << 24;

    private Floats() {
    }

    static void put(StateWriter out, float[] values) {
        out.putInt(values.length).put(values.length * Float.BYTES, b -> {
            for (float v : values) {
                b.putFloat(v);
            }
        });
    }

    static float[] get(StateReader in) throws IOException {
        int count = in.getCount("floats", Math.min(MAX, in.remaining() / Float.BYTES));
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = in.buffer().getFloat();
        }
        return values;
    }
}
