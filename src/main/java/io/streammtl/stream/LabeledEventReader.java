package io.streammtl.stream;

import io.streammtl.avro.LabeledEvent;
import io.streammtl.config.ModelConfig;
import org.apache.avro.SchemaNormalization;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a single-object-encoded {@link LabeledEvent} of the current schema straight off its bytes into
 * {@link EventFields}, resolving feature and task names without building strings or the generated record; an event
 * written with an earlier schema version goes through {@link AvroCodec}'s schema resolution instead. Hand-written
 * because Avro's reader (maps of strings to boxed doubles) measured a fifth of the trainer's CPU per event;
 * {@code LabeledEventReaderTest} checks it against Avro's reader on valid, invalid and corrupt records, and the
 * constructor refuses a changed schema.
 */
final class LabeledEventReader {
    /** The parsing fingerprint of the LabeledEvent schema this reader parses. */
    static final long FINGERPRINT = 0xc19ebc17d5d1094eL;
    private static final int HEADER = 10;

    private final AvroCodec<LabeledEvent> codec;
    private final EventFields fields;
    private byte[] buffer;
    private int position;
    private byte[] lastModelUtf8 = new byte[0];
    private String lastModel = "";
    private String unknownKey;

    LabeledEventReader(ModelConfig config, AvroCodec<LabeledEvent> codec) {
        long fingerprint = SchemaNormalization.parsingFingerprint64(LabeledEvent.getClassSchema());
        if (fingerprint != FINGERPRINT) {
            throw new IllegalStateException(String.format("the LabeledEvent schema changed (fingerprint %016x, "
                    + "reader written for %016x): update LabeledEventReader with it", fingerprint, FINGERPRINT));
        }
        this.codec = codec;
        this.fields = new EventFields(config);
    }

    /**
     * The event's fields (refilled by the next call); bad bytes and unknown fingerprints become
     * {@link InvalidEventException}s, as from {@link AvroCodec#decode}.
     */
    EventFields read(byte[] bytes) {
        if (bytes == null || bytes.length < HEADER || bytes[0] != (byte) 0xC3 || bytes[1] != (byte) 0x01
                || fingerprint(bytes) != FINGERPRINT) {
            // The codec names what is wrong with the header, or resolves an earlier schema version.
            return fields.fill(codec.decode(bytes));
        }
        buffer = bytes;
        position = HEADER;
        fields.reset();
        try {
            readBody();
        } catch (ArrayIndexOutOfBoundsException e) {
            throw undecodable("record ends early");
        } finally {
            buffer = null;
        }
        return fields;
    }

    /** The schema fingerprint in a single-object header (little-endian, after the two marker bytes). */
    static long fingerprint(byte[] bytes) {
        long fingerprint = 0;
        for (int i = 0; i < 8; i++) {
            fingerprint |= (bytes[2 + i] & 0xFFL) << (8 * i);
        }
        return fingerprint;
    }

    /** The fields in schema order: id, event_time, model, numeric, dense, categorical, labels. */
    private void readBody() {
        int length = length();
        fields.id = Arrays.copyOfRange(buffer, position, position + length);
        position += length;
        fields.eventTime = readLong();
        fields.model = model(length());
        for (long count = blockCount(); count != 0; count = blockCount()) {
            for (long i = 0; i < count; i++) {
                int feature = key(fields.features);
                fields.numericEntry(feature, unknownKey, readDouble());
            }
        }
        if (unionIndex(2) == 1) {
            fields.hasDense = true;
            for (long count = blockCount(); count != 0; count = blockCount()) {
                for (long i = 0; i < count; i++) {
                    fields.denseValue(readDouble());
                }
            }
        }
        for (long count = blockCount(); count != 0; count = blockCount()) {
            for (long i = 0; i < count; i++) {
                int feature = key(fields.features);
                fields.categoricalEntry(feature, unknownKey, readString());
            }
        }
        for (long count = blockCount(); count != 0; count = blockCount()) {
            for (long i = 0; i < count; i++) {
                int task = key(fields.tasks);
                if (unionIndex(2) == 0) {
                    fields.numberLabel(task, unknownKey, readDouble());
                } else {
                    fields.textLabel(task, unknownKey, readString());
                }
            }
        }
        if (position != buffer.length) {
            throw undecodable((buffer.length - HEADER) + "-byte body has bytes after the record");
        }
    }

    /** The model key; the last one is reused, since one service mostly sees few models. */
    private String model(int length) {
        if (!Utf8Names.sameBytes(lastModelUtf8, buffer, position, length)) {
            lastModelUtf8 = Arrays.copyOfRange(buffer, position, position + length);
            lastModel = new String(lastModelUtf8, StandardCharsets.UTF_8);
        }
        position += length;
        return lastModel;
    }

    /**
     * Reads a map key and returns its index among {@code names}, or -1 with the key's text in {@link #unknownKey}
     * (a string is only built for a name the spec does not have).
     */
    private int key(Utf8Names names) {
        int length = length();
        int index = names.indexOf(buffer, position, length);
        unknownKey = index < 0 ? new String(buffer, position, length, StandardCharsets.UTF_8) : null;
        position += length;
        return index;
    }

    private String readString() {
        int length = length();
        String text = new String(buffer, position, length, StandardCharsets.UTF_8);
        position += length;
        return text;
    }

    /** A string or bytes length, checked against what is left. */
    private int length() {
        long length = readLong();
        if (length < 0 || length > buffer.length - position) {
            throw undecodable("string length " + length + " with " + (buffer.length - position) + " bytes left");
        }
        return (int) length;
    }

    /** The item count of the next map or array block (0 ends it); a negative count is followed by a byte size. */
    private long blockCount() {
        long count = readLong();
        if (count < 0) {
            count = -count;
            readLong();
        }
        if (count > buffer.length - position) {
            throw undecodable("block of " + count + " items with " + (buffer.length - position) + " bytes left");
        }
        return count;
    }

    private int unionIndex(int branches) {
        long index = readLong();
        if (index < 0 || index >= branches) {
            throw undecodable("union index " + index + " of a " + branches + "-branch union");
        }
        return (int) index;
    }

    /** Avro's zig-zag variable-length long. */
    private long readLong() {
        long raw = 0;
        for (int shift = 0; ; shift += 7) {
            if (shift > 63) {
                throw undecodable("invalid long encoding");
            }
            int b = buffer[position++] & 0xFF;
            raw |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
        }
        return (raw >>> 1) ^ -(raw & 1);
    }

    private double readDouble() {
        long bits = 0;
        for (int i = 0; i < 8; i++) {
            bits |= (buffer[position + i] & 0xFFL) << (8 * i);
        }
        position += 8;
        return Double.longBitsToDouble(bits);
    }

    private static InvalidEventException undecodable(String detail) {
        return new InvalidEventException(DeadLetterReason.UNDECODABLE, "cannot decode LabeledEvent (" + detail + ")");
    }
}
