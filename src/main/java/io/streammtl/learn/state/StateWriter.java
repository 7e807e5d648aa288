package io.streammtl.learn.state;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/** Writes state as explicit little-endian fields into a buffer that grows as needed. */
public final class StateWriter {
    private ByteBuffer out = ByteBuffer.allocate(256).order(ByteOrder.LITTLE_ENDIAN);

    public StateWriter putByte(int value) {
        room(Byte.BYTES).put((byte) value);
        return this;
    }

    public StateWriter putInt(int value) {
        room(Integer.BYTES).putInt(value);
        return this;
    }

    public StateWriter putLong(long value) {
        room(Long.BYTES).putLong(value);
        return this;
    }

    public StateWriter putDouble(double value) {
        room(Double.BYTES).putDouble(value);
        return this;
    }

    /** An int length, then the bytes. */
    public StateWriter putBytes(byte[] bytes) {
        putInt(bytes.length);
        room(bytes.length).put(bytes);
        return this;
    }

    /** The UTF-8 bytes, length first. */
    public StateWriter putString(String text) {
        return putBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Lets a part that writes itself into a {@link ByteBuffer} put exactly {@code bytes} bytes, with no length
     * prefix.
     *
     * @throws IllegalStateException if the part writes another number of bytes
     */
    public StateWriter put(int bytes, Consumer<ByteBuffer> part) {
        ByteBuffer target = room(bytes);
        int start = target.position();
        part.accept(target);
        if (target.position() - start != bytes) {
            throw new IllegalStateException("a state part wrote " + (target.position() - start) + " bytes, it said "
                    + bytes);
        }
        return this;
    }

    /** The bytes written so far. */
    public byte[] toByteArray() {
        return Arrays.copyOf(out.array(), out.position());
    }

    private ByteBuffer room(int bytes) {
        if (out.remaining() < bytes) {
            int capacity = Math.max(out.capacity() * 2, out.position() + bytes);
            ByteBuffer larger = ByteBuffer.allocate(capacity).order(ByteOrder.LITTLE_ENDIAN);
            out.flip();
            larger.put(out);
            out = larger;
        }
        return out;
    }
}
