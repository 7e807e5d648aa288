package io.streammtl.stream;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Avro single-object encoding (marker {@code C3 01}, the schema's 8-byte little-endian CRC-64-AVRO fingerprint,
 * the binary body) for one generated record type; the decoder also knows every earlier version of the schema
 * kept under {@code schemas/history/} in the jar, so records from older producers resolve to the current type.
 * The header is handled here and the body by Avro's datum reader and writer over buffered binary coders:
 * Avro's {@code BinaryMessageDecoder}/{@code Encoder} read and write through unbuffered stream coders, which
 * measured about a quarter of the trainer's time per event.
 */
public final class AvroCodec<T extends SpecificRecord> {
    private static final byte MARKER_0 = (byte) 0xC3;
    private static final byte MARKER_1 = (byte) 0x01;
    private static final int HEADER = 10;

    private final Schema schema;
    private final long fingerprint;
    private final byte[] header;
    private final SpecificDatumWriter<T> writer;
    private final Map<Long, SpecificDatumReader<T>> readers = new HashMap<>();
    private final ThreadLocal<Buffers> buffers = ThreadLocal.withInitial(Buffers::new);

    /** Reusable coders of one thread; the encoder is bound to its stream once (re-binding allocates a channel). */
    private static final class Buffers {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        final BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        BinaryDecoder decoder;
    }

    /** A codec for {@code type}, whose history files are {@code schemas/history/<Name>.v1.avsc}, v2, .... */
    public AvroCodec(Class<T> type, Schema schema) {
        this.schema = schema;
        SpecificData data = SpecificData.getForClass(type);
        this.fingerprint = SchemaNormalization.parsingFingerprint64(schema);
        this.header = new byte[HEADER];
        header[0] = MARKER_0;
        header[1] = MARKER_1;
        for (int i = 0; i < 8; i++) {
            header[2 + i] = (byte) (fingerprint >>> (8 * i));
        }
        this.writer = new SpecificDatumWriter<>(schema, data);
        readers.put(fingerprint, new SpecificDatumReader<>(schema, schema, data));
        for (int version = 1; ; version++) {
            String resource = "schemas/history/" + schema.getName() + ".v" + version + ".avsc";
            try (InputStream in = AvroCodec.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    break;
                }
                Schema old = new Schema.Parser().parse(in);
                readers.putIfAbsent(SchemaNormalization.parsingFingerprint64(old),
                        new SpecificDatumReader<>(old, schema, data));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource, e);
            }
        }
    }

    public Schema schema() {
        return schema;
    }

    /** The CRC-64-AVRO fingerprint of the schema's Parsing Canonical Form, as Avro's Java library computes it. */
    public long fingerprint() {
        return fingerprint;
    }

    /** The 10 bytes every record written with the current schema starts with (a copy). */
    public byte[] header() {
        return header.clone();
    }

    public byte[] encode(T record) {
        Buffers b = buffers.get();
        b.out.reset();
        b.out.writeBytes(header);
        try {
            writer.write(record, b.encoder);
            b.encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.out.toByteArray();
    }

    /** Decodes one record; bad bytes and unknown fingerprints become {@link InvalidEventException}s. */
    public T decode(byte[] bytes) {
        if (bytes == null) {
            throw new InvalidEventException(DeadLetterReason.UNDECODABLE, "record has no value");
        }
        if (bytes.length < HEADER || bytes[0] != MARKER_0 || bytes[1] != MARKER_1) {
            throw new InvalidEventException(DeadLetterReason.UNDECODABLE,
                    "not Avro single-object encoding (no C3 01 marker and 8-byte schema fingerprint)");
        }
        long fingerprint = 0;
        for (int i = 0; i < 8; i++) {
            fingerprint |= (bytes[2 + i] & 0xFFL) << (8 * i);
        }
        SpecificDatumReader<T> reader = readers.get(fingerprint);
        if (reader == null) {
            throw new InvalidEventException(DeadLetterReason.UNKNOWN_SCHEMA, String.format(
                    "schema fingerprint not known to this service (%016x)", fingerprint));
        }
        Buffers b = buffers.get();
        b.decoder = DecoderFactory.get().binaryDecoder(bytes, HEADER, bytes.length - HEADER, b.decoder);
        try {
            T record = reader.read(null, b.decoder);
            if (!b.decoder.isEnd()) {
                throw new IOException((bytes.length - HEADER) + "-byte body has bytes after the record");
            }
            return record;
        } catch (IOException | RuntimeException e) {
            throw new InvalidEventException(DeadLetterReason.UNDECODABLE,
                    "cannot decode " + schema.getName() + " (" + e + ")", e);
        }
    }
}
