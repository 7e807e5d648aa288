package io.streammtl.stream;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A fixed list of names looked up by {@code String} or by their UTF-8 bytes inside a buffer, so that a decoder can
 * resolve a field name off the wire without building a string for it.
 */
final class Utf8Names {
    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private final byte[][] utf8;
    private final Map<String, Integer> byName = new HashMap<>();
    // Open addressing on an FNV-1a hash: slot holds index + 1, 0 when empty.
    private final int[] table;
    private final int mask;

    Utf8Names(List<String> names) {
        this.utf8 = new byte[names.size()][];
        int size = Integer.highestOneBit(Math.max(4, names.size() * 4) - 1) << 1;
        this.table = new int[size];
        this.mask = size - 1;
        for (int i = 0; i < names.size(); i++) {
            byName.putIfAbsent(names.get(i), i);
            utf8[i] = names.get(i).getBytes(StandardCharsets.UTF_8);
            if (indexOf(utf8[i], 0, utf8[i].length) >= 0) {
                continue;
            }
            int slot = hash(utf8[i], 0, utf8[i].length) & mask;
            while (table[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            table[slot] = i + 1;
        }
    }

    /** The index of {@code name}, or -1. */
    int indexOf(String name) {
        Integer index = byName.get(name);
        return index == null ? -1 : index;
    }

    /** The index of the name whose UTF-8 encoding is {@code buffer[offset, offset + length)}, or -1. */
    int indexOf(byte[] buffer, int offset, int length) {
        int slot = hash(buffer, offset, length) & mask;
        for (int entry = table[slot]; entry != 0; entry = table[slot]) {
            byte[] candidate = utf8[entry - 1];
            if (sameBytes(candidate, buffer, offset, length)) {
                return entry - 1;
            }
            slot = (slot + 1) & mask;
        }
        return -1;
    }

    /**
     * Whether {@code buffer[offset, offset + length)} holds exactly {@code expected}: by hand, since
     * {@code Arrays.equals} on ranges of a few bytes measured several times slower (its vectorised mismatch set-up).
     */
    static boolean sameBytes(byte[] expected, byte[] buffer, int offset, int length) {
        if (expected.length != length) {
            return false;
        }
        if (length < Long.BYTES) {
            for (int i = 0; i < length; i++) {
                if (expected[i] != buffer[offset + i]) {
                    return false;
                }
            }
            return true;
        }
        // Eight bytes at a time; the last word overlaps the one before it when the length is not a multiple of 8.
        for (int i = 0; i < length - Long.BYTES; i += Long.BYTES) {
            if ((long) LONGS.get(expected, i) != (long) LONGS.get(buffer, offset + i)) {
                return false;
            }
        }
        return (long) LONGS.get(expected, length - Long.BYTES) == (long) LONGS.get(buffer, offset + length - Long.BYTES);
    }

    private static int hash(byte[] buffer, int offset, int length) {
        int h = 0x811C9DC5;
        for (int i = offset; i < offset + length; i++) {
            h = (h ^ (buffer[i] & 0xFF)) * 0x01000193;
        }
        return h ^ (h >>> 16);
    }
}
