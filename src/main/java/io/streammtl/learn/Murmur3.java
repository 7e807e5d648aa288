package io.streammtl.learn;

import java.nio.charset.StandardCharsets;

/**
 * MurmurHash3, x86 32-bit variant (Appleby 2011), over a string's UTF-8 bytes: stable across JVMs, runs and
 * platforms, so a hashed category lands in the same bucket forever.
 */
public final class Murmur3 {
    private static final int C1 = 0xcc9e2d51;
    private static final int C2 = 0x1b873593;

    private Murmur3() {
    }

    /** The 32-bit hash of {@code text}'s UTF-8 bytes with {@code seed}. */
    public static int hash32(String text, int seed) {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        int h = seed;
        int blocks = data.length / 4;
        for (int i = 0; i < blocks; i++) {
            int k = (data[4 * i] & 0xff) | (data[4 * i + 1] & 0xff) << 8 | (data[4 * i + 2] & 0xff) << 16
                    | (data[4 * i + 3] & 0xff) << 24;
            h ^= mix(k);
            h = Integer.rotateLeft(h, 13) * 5 + 0xe6546b64;
        }
        int k = 0;
        int tail = blocks * 4;
        switch (data.length & 3) {
            case 3:
                k ^= (data[tail + 2] & 0xff) << 16;
            // fall through
            case 2:
                k ^= (data[tail + 1] & 0xff) << 8;
            // fall through
            case 1:
                k ^= data[tail] & 0xff;
                h ^= mix(k);
            // fall through
            default:
                break;
        }
        h ^= data.length;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }

    private static int mix(int k) {
        k *= C1;
        k = Integer.rotateLeft(k, 15);
        return k * C2;
    }

    /** The bucket in [0, buckets) of {@code text}. */
    public static int bucket(String text, int buckets) {
        return Math.floorMod(hash32(text, 0), buckets);
    }
}
