package io.streammtl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streammtl.avro.LabeledEvent;
import io.streammtl.stream.AvroCodec;
import io.streammtl.stream.Codecs;
import io.streammtl.stream.DeadLetterReason;
import io.streammtl.stream.InvalidEventException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchemasCommandTest {
    private static final HexFormat HEX = HexFormat.of();

    private static Map<String, JsonNode> printedJson() throws IOException {
        CommandRun run = CommandRun.of("schemas", "--json");
        assertEquals(0, run.code(), run.err());
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        new ObjectMapper().readTree(run.out()).get("schemas")
                .forEach(node -> byName.put(node.get("name").asText(), node));
        return byName;
    }

    private static Map<String, AvroCodec<?>> codecs() {
        Codecs codecs = Codecs.create();
        return Map.of("LabeledEvent", codecs.events(), "Prediction", codecs.predictions(),
                "ModelSnapshot", codecs.snapshots(), "DriftEvent", codecs.driftEvents(),
                "TaskStatus", codecs.statuses(), "LabelEvent", codecs.labels());
    }

    /** A record of {@code schema} with the smallest value of every field: enough for a body Avro itself writes. */
    private static Object smallest(Schema schema) {
        return switch (schema.getType()) {
            case RECORD -> {
                GenericData.Record record = new GenericData.Record(schema);
                schema.getFields().forEach(field -> record.put(field.pos(), smallest(field.schema())));
                yield record;
            }
            case UNION -> smallest(schema.getTypes().get(0));
            case ARRAY -> new ArrayList<>();
            case MAP -> new LinkedHashMap<>();
            case STRING -> "s";
            case BYTES -> ByteBuffer.wrap(new byte[] {1, 2});
            case FIXED -> new GenericData.Fixed(schema, new byte[schema.getFixedSize()]);
            case ENUM -> new GenericData.EnumSymbol(schema, schema.getEnumSymbols().get(0));
            case INT -> 3;
            case LONG -> 4L;
            case FLOAT -> 1.5f;
            case DOUBLE -> 2.5;
            case BOOLEAN -> true;
            case NULL -> null;
        };
    }

    private static byte[] body(Schema schema, Object record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void shouldPrintForEveryWireTypeAHeaderThatTheServiceDecoderAccepts() throws IOException {
        Map<String, JsonNode> printed = printedJson();
        Map<String, AvroCodec<?>> codecs = codecs();
        assertEquals(codecs.keySet(), printed.keySet());
        for (Map.Entry<String, AvroCodec<?>> entry : codecs.entrySet()) {
            AvroCodec<?> codec = entry.getValue();
            // The body comes from Avro's generic writer: nothing of the codec's own encoder is involved.
            byte[] record = concat(HEX.parseHex(printed.get(entry.getKey()).get("header").asText()),
                    body(codec.schema(), smallest(codec.schema())));
            assertArrayEquals(record, encodeDecoded(codec, record),
                    entry.getKey() + ": a record with the printed header decodes and re-encodes to the same bytes");
        }
    }

    private static <T extends org.apache.avro.specific.SpecificRecord> byte[] encodeDecoded(AvroCodec<T> codec,
                                                                                          byte[] record) {
        return codec.encode(codec.decode(record));
    }

    @Test
    void shouldPrintTheHeaderAsMarkerThenTheFingerprintLittleEndian() throws IOException {
        for (JsonNode type : printedJson().values()) {
            String fingerprint = type.get("fingerprint").asText();
            StringBuilder littleEndian = new StringBuilder("c301");
            for (int i = 14; i >= 0; i -= 2) {
                littleEndian.append(fingerprint, i, i + 2);
            }
            assertEquals(littleEndian.toString(), type.get("header").asText(), type.get("name").asText());
        }
    }

    @Test
    void shouldKeepTheHeadersThatExternalClientsHardCode() throws IOException {
        Map<String, JsonNode> printed = printedJson();
        // examples/ and the README hard-code these two: a change here must come with a new schemas/history version
        // and new constants there (ExamplesTest checks those files against this command).
        assertEquals("c3014e09d1d517bc9ec1", printed.get("LabeledEvent").get("header").asText());
        assertEquals("c301e53a475d29b0571d", printed.get("Prediction").get("header").asText());
        assertEquals("schemas/history/LabeledEvent.v1.avsc", printed.get("LabeledEvent").get("history_file").asText());
    }

    @Test
    void shouldDeadLetterAnEventWhoseFingerprintBytesAreReversed() throws IOException {
        // The README's former fastavro example packed fastavro's wire-order hex as "<Q", reversing the bytes.
        String fingerprint = printedJson().get("LabeledEvent").get("fingerprint").asText();
        LabeledEvent event = LabeledEvent.newBuilder().setId("e-1").setEventTime(Instant.ofEpochMilli(1))
                .setDense(List.of(1.0, 2.0)).build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<>(LabeledEvent.class).write(event, encoder);
        encoder.flush();
        byte[] reversed = concat(HEX.parseHex("c301" + fingerprint), out.toByteArray());

        InvalidEventException rejected = assertThrows(InvalidEventException.class,
                () -> Codecs.create().events().decode(reversed));
        assertEquals(DeadLetterReason.UNKNOWN_SCHEMA, rejected.reason());
        String asRead = String.format("%016x", Long.reverseBytes(Long.parseUnsignedLong(fingerprint, 16)));
        assertTrue(rejected.getMessage().contains(asRead), rejected.getMessage());
    }

    @Test
    void shouldPrintTheSameFiguresInTheTableAsInJson() throws IOException {
        CommandRun table = CommandRun.of("schemas");
        assertEquals(0, table.code(), table.err());
        for (JsonNode type : printedJson().values()) {
            String header = HexFormat.ofDelimiter(" ").formatHex(HEX.parseHex(type.get("header").asText()));
            String row = table.out().lines().filter(line -> line.startsWith(type.get("name").asText() + " "))
                    .findFirst().orElseThrow(() -> new AssertionError("no row for " + type.get("name")));
            assertTrue(row.matches(type.get("name").asText() + " +v" + type.get("version").asInt() + " +.+ "
                    + type.get("fingerprint").asText() + " +" + header), row);
        }
    }
}
