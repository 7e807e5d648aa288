package io.streammtl.optim;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Bulk reads and writes of model state on little-endian byte buffers: float arrays move as block copies, which
 * matters because the service saves the whole state after every step.
 */
public final class StateBuffers {
    private StateBuffers() {
    }

    public static int stringBytes(String value) {
        return 4 + value.getBytes(StandardCharsets.UTF_8).length;
    }

    public static void putString(ByteBuffer out, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.putInt(bytes.length);
        out.put(bytes);
    }

    public static String getString(ByteBuffer in) {
        byte[] bytes = new byte[in.getInt()];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Writes the first {@code size} values of {@code source} (whose position is left alone). */
    public static void putFloats(ByteBuffer out, FloatBuffer source, int size) {
        out.asFloatBuffer().put(source.duplicate().position(0).limit(size));
        out.position(out.position() + 4 * size);
    }

    public static void putFloats(ByteBuffer out, float[] source) {
        out.asFloatBuffer().put(source);
        out.position(out.position() + 4 * source.length);
    }

    public static void getFloats(ByteBuffer in, FloatBuffer target, int size) {
        FloatBuffer view = in.asFloatBuffer().limit(size);
        target.duplicate().position(0).put(view);
        in.position(in.position() + 4 * size);
    }

    public static void getFloats(ByteBuffer in, float[] target) {
        in.asFloatBuffer().get(target);
        in.position(in.position() + 4 * target.length);
    }
}
