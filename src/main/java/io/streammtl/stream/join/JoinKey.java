package io.streammtl.stream.join;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The key the join is partitioned and stored by: the model key, then the event id, so that ids need to be unique
 * only within a model (as {@code LabeledEvent.id} promises). Layout: 2-byte length of the model's UTF-8, the model,
 * the id's bytes.
 */
public final class JoinKey {
    private JoinKey() {
    }

    public static byte[] of(String model, byte[] id) {
        byte[] m = model.getBytes(StandardCharsets.UTF_8);
        if (m.length > Short.MAX_VALUE) {
            throw new IllegalArgumentException("model key of " + m.length + " bytes");
        }
        return ByteBuffer.allocate(2 + m.length + id.length).putShort((short) m.length).put(m).put(id).array();
    }

    public static String model(byte[] key) {
        int length = modelLength(key);
        return new String(key, 2, length, StandardCharsets.UTF_8);
    }

    public static byte[] id(byte[] key) {
        return Arrays.copyOfRange(key, 2 + modelLength(key), key.length);
    }

    private static int modelLength(byte[] key) {
        return ((key[0] & 0xff) << 8) | (key[1] & 0xff);
    }
}
