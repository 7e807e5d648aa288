package io.streammtl.stream;

import io.streammtl.avro.LabeledEvent;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads only the model key of a single-object-encoded {@link LabeledEvent}: it skips the id and event time and copies
 * the model's UTF-8 bytes, leaving the rest of the event to the trainer, which decodes it once. Stateless, so that
 * every stream thread may share it; an event of an earlier schema version goes through {@link AvroCodec}'s schema
 * resolution instead.
 */
final class ModelKeyReader {
    private static final int HEADER = 10;

    private final AvroCodec<LabeledEvent> codec;

    ModelKeyReader(AvroCodec<LabeledEvent> codec) {
        this.codec = codec;
    }

    /** The event's model key as UTF-8; bad bytes become an {@link InvalidEventException}. */
    byte[] read(byte[] bytes) {
        if (bytes == null || bytes.length < HEADER || bytes[0] != (byte) 0xC3 || bytes[1] != (byte) 0x01
                || LabeledEventReader.fingerprint(bytes) != LabeledEventReader.FINGERPRINT) {
            return codec.decode(bytes).getModel().getBytes(StandardCharsets.UTF_8);
        }
        // The fields in schema order: id (string), event_time (long), model (string).
        long[] position = {HEADER};
        int idLength = length(bytes, position);
        position[0] += idLength;
        readLong(bytes, position);
        int length = length(bytes, position);
        int from = (int) position[0];
        return Arrays.copyOfRange(bytes, from, from + length);
    }

    /** A string length at {@code position[0]}, which it advances past the length; checked against what is left. */
    private static int length(byte[] bytes, long[] position) {
        long length = readLong(bytes, position);
        long left = bytes.length - position[0];
        if (length < 0 || length > left) {
            throw undecodable("string length " + length + " with " + left + " bytes left");
        }
        return (int) length;
    }

    /** Avro's zig-zag variable-length long. */
    private static long readLong(byte[] bytes, long[] position) {
        long raw = 0;
        for (int shift = 0; ; shift += 7) {
            if (shift > 63 || position[0] >= bytes.length) {
                throw undecodable("invalid long encoding");
            }
            int b = bytes[(int) position[0]++] & 0xFF;
            raw |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
        }
        return (raw >>> 1) ^ -(raw & 1);
    }

    private static InvalidEventException undecodable(String detail) {
        return new InvalidEventException(DeadLetterReason.UNDECODABLE, "cannot decode LabeledEvent (" + detail + ")");
    }
}
