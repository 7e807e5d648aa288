package io.streammtl.stream;

import org.apache.avro.Schema;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Avro single-object encoding (marker, 8-byte schema fingerprint, body) for one generated record type; the
 * decoder also knows every earlier version of the schema kept under {@code schemas/history/} in the jar, so
 * records from older producers resolve to the current type.
 */
public final class AvroCodec<T extends SpecificRecord> {
    private final Schema schema;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    /** A codec for {@code type}, whose history files are {@code schemas/history/<Name>.v1.avsc}, v2, .... */
    public AvroCodec(Class<T> type, Schema schema) {
        this.schema = schema;
        SpecificData data = SpecificData.getForClass(type);
        this.encoder = new BinaryMessageEncoder<>(data, schema);
        this.decoder = new BinaryMessageDecoder<>(data, schema);
        for (int version = 1; ; version++) {
            String resource = "schemas/history/" + schema.getName() + ".v" + version + ".avsc";
            try (InputStream in = AvroCodec.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    break;
                }
                decoder.addSchema(new Schema.Parser().parse(in));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource, e);
            }
        }
    }

    public Schema schema() {
        return schema;
    }

    public byte[] encode(T record) {
        try {
            return encoder.encode(record).array();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Decodes one record; bad bytes and unknown fingerprints become {@link InvalidEventException}s. */
    public T decode(byte[] bytes) {
        if (bytes == null) {
            throw new InvalidEventException(DeadLetterReason.UNDECODABLE, "record has no value");
        }
        try {
            return decoder.decode(bytes);
        } catch (MissingSchemaException e) {
            throw new InvalidEventException(DeadLetterReason.UNKNOWN_SCHEMA,
                    "schema fingerprint not known to this service (" + e.getMessage() + ")", e);
        } catch (BadHeaderException e) {
            throw new InvalidEventException(DeadLetterReason.UNDECODABLE,
                    "not Avro single-object encoding (" + e.getMessage() + ")", e);
        } catch (IOException | RuntimeException e) {
            throw new InvalidEventException(DeadLetterReason.UNDECODABLE,
                    "cannot decode " + schema.getName() + " (" + e + ")", e);
        }
    }
}
