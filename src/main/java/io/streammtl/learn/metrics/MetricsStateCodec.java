package io.streammtl.learn.metrics;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Building blocks of the prequential metrics' state encoding: the per-task header (kind, classes,
 * window) that every state starts with, and unsigned LEB128 varints for counts.
 */
final class MetricsStateCodec {

    static final byte REGRESSION = 1;
    static final byte BINARY = 2;
    static final byte MULTICLASS = 3;

    /** Kind (1 byte), classes (int: 0 regression, 2 binary, n multiclass), window (int). */
    static final int HEADER_BYTES = 1 + Integer.BYTES + Integer.BYTES;

    /** A non-negative long takes at most 9 bytes of 7 bits. */
    private static final int MAX_VARINT_BYTES = 9;

    private MetricsStateCodec() {
    }

    static void writeHeader(ByteBuffer out, byte kind, int classes, int window) {
        requireLittleEndian(out);
        out.put(kind).putInt(classes).putInt(window);
    }

    /**
     * Reads a header and checks it describes the same task kind, class count and window as the
     * reader, so that a state is never decoded with another layout.
     */
    static void readHeader(ByteBuffer in, byte kind, int classes, int window) {
        requireLittleEndian(in);
        byte storedKind = in.get();
        int storedClasses = in.getInt();
        int storedWindow = in.getInt();
        if (storedKind != kind) {
            throw new IllegalArgumentException("metrics state is of a " + kindName(storedKind)
                    + " task, this task is " + kindName(kind));
        }
        if (storedClasses != classes) {
            throw new IllegalArgumentException("metrics state has " + storedClasses
                    + " classes, this task has " + classes);
        }
        if (storedWindow != window) {
            throw new IllegalArgumentException("metrics state has window " + storedWindow
                    + ", this task's window is " + window);
        }
    }

    /**
     * Runs a decoder, reporting a state that ends early or whose counts overflow as an
     * {@link IllegalArgumentException}.
     */
    static void decode(Runnable decoder) {
        try {
            decoder.run();
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("metrics state is truncated", e);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("metrics state has counts that overflow", e);
        }
    }

    static long readCount(ByteBuffer in, String name) {
        long value = in.getLong();
        if (value < 0) {
            throw new IllegalArgumentException(
                    "metrics state has a negative " + name + ": " + value);
        }
        return value;
    }

    /** Checks the window holds exactly the last min(count, window) counted records. */
    static void requireRows(int rows, long count, int window) {
        if (rows != Math.min(count, window)) {
            throw new IllegalArgumentException("metrics state holds " + rows + " window rows for "
                    + count + " records and window " + window);
        }
    }

    static int varLongBytes(long value) {
        return value == 0 ? 1 : (63 - Long.numberOfLeadingZeros(value)) / 7 + 1;
    }

    static void putVarLong(ByteBuffer out, long value) {
        if (value < 0) {
            throw new IllegalArgumentException("varint must be >= 0, got " + value);
        }
        while ((value & ~0x7FL) != 0) {
            out.put((byte) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.put((byte) value);
    }

    static long getVarLong(ByteBuffer in) {
        long value = 0;
        for (int i = 0; i < MAX_VARINT_BYTES; i++) {
            byte b = in.get();
            value |= (long) (b & 0x7F) << (7 * i);
            if (b >= 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("metrics state holds a count longer than "
                + MAX_VARINT_BYTES + " bytes");
    }

    /** Reads a varint that must lie in {@code [0, bound)}. */
    static int getVarIndex(ByteBuffer in, int bound, String name) {
        long value = getVarLong(in);
        if (value >= bound) {
            throw new IllegalArgumentException("metrics state has " + name + " " + value
                    + ", expected below " + bound);
        }
        return (int) value;
    }

    static double requireFinite(double value, String name) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(
                    "metrics state has a non-finite " + name + ": " + value);
        }
        return value;
    }

    static float requireFinite(float value, String name) {
        if (!Float.isFinite(value)) {
            throw new IllegalArgumentException(
                    "metrics state has a non-finite " + name + ": " + value);
        }
        return value;
    }

    private static void requireLittleEndian(ByteBuffer buffer) {
        if (buffer.order() != ByteOrder.LITTLE_ENDIAN) {
            throw new IllegalArgumentException("metrics state is little-endian; the buffer is "
                    + buffer.order());
        }
    }

    private static String kindName(byte kind) {
        return switch (kind) {
            case REGRESSION -> "regression";
            case BINARY -> "binary";
            case MULTICLASS -> "multiclass";
            default -> "unknown (kind byte " + kind + ")";
        };
    }
}
