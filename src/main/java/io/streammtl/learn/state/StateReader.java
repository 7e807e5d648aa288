package io.streammtl.learn.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Reads state written by {@link StateWriter}, field by field in the same order. A state that ends early throws
 * {@link java.nio.BufferUnderflowException}; one whose fields do not fit throws {@link IOException}.
 */
public final class StateReader {
    private final ByteBuffer in;

    public StateReader(byte[] state) {
        this.in = ByteBuffer.wrap(state).order(ByteOrder.LITTLE_ENDIAN);
    }

    public byte getByte() {
        return in.get();
    }

    public int getInt() {
        return in.getInt();
    }

    public long getLong() {
        return in.getLong();
    }

    public double getDouble() {
        return in.getDouble();
    }

    /** A count that must lie in {@code [0, max]}. */
    public int getCount(String what, int max) throws IOException {
        int count = in.getInt();
        if (count < 0 || count > max) {
            throw new IOException("the state has " + count + " " + what + ", expected 0 to " + max);
        }
        return count;
    }

    /** An int length and that many bytes. */
    public byte[] getBytes() throws IOException {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new IOException("a length of " + length + " runs past the end of the state");
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return bytes;
    }

    public String getString() throws IOException {
        return new String(getBytes(), StandardCharsets.UTF_8);
    }

    /** The little-endian buffer at the current field, for a part that reads itself from a {@link ByteBuffer}. */
    public ByteBuffer buffer() {
        return in;
    }

    public boolean hasRemaining() {
        return in.hasRemaining();
    }

    public int remaining() {
        return in.remaining();
    }
}
