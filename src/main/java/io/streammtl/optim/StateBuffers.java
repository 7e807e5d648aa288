package io.streammtl.optim;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Strings in model state: a length, then UTF-8 bytes (float buffers move through the compute backend's kernels). */
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
}
