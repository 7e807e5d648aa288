package io.streammtl.stream;

import io.streammtl.avro.LabeledEvent;
import io.streammtl.avro.ModelSnapshot;
import io.streammtl.avro.Prediction;
import io.streammtl.avro.TaskPrediction;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every wire schema can read every earlier version of itself kept under schemas/history. */
class SchemaHistoryTest {
    private static final Path HISTORY = Path.of("schemas/history");
    private static final List<Schema> SCHEMAS = List.of(LabeledEvent.getClassSchema(), Prediction.getClassSchema(),
            TaskPrediction.getClassSchema(), ModelSnapshot.getClassSchema(),
            io.streammtl.avro.DriftEvent.getClassSchema(), io.streammtl.avro.TaskStatus.getClassSchema(),
            io.streammtl.avro.LabelEvent.getClassSchema());

    private static List<Path> versions(Schema current) throws IOException {
        try (Stream<Path> files = Files.list(HISTORY)) {
            return files.filter(p -> p.getFileName().toString().startsWith(current.getName() + ".v")).sorted().toList();
        }
    }

    @Test
    void shouldReadEveryEarlierVersionOfEverySchema() throws IOException {
        for (Schema current : SCHEMAS) {
            List<Path> versions = versions(current);
            assertFalse(versions.isEmpty(), "no history for " + current.getName());
            for (Path version : versions) {
                Schema writer = new Schema.Parser().parse(version.toFile());
                SchemaCompatibility.SchemaPairCompatibility result =
                        SchemaCompatibility.checkReaderWriterCompatibility(current, writer);
                assertEquals(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE, result.getType(),
                        current.getName() + " cannot read " + version + ": " + result.getDescription());
            }
        }
    }

    @Test
    void shouldKeepTheCurrentSchemaAsLatestHistoryVersion() throws IOException {
        for (Schema current : SCHEMAS) {
            List<Path> versions = versions(current);
            Schema latest = new Schema.Parser().parse(versions.get(versions.size() - 1).toFile());
            // The parsing canonical form is what the fingerprint in every record covers.
            assertEquals(SchemaNormalization.toParsingForm(current), SchemaNormalization.toParsingForm(latest),
                    "add " + current.getName() + " as a new version under " + HISTORY);
        }
    }

    @Test
    void shouldDocumentEveryField() {
        for (Schema schema : SCHEMAS) {
            assertTrue(schema.getDoc() != null && !schema.getDoc().isBlank(), schema.getName());
            schema.getFields().forEach(f -> assertTrue(f.doc() != null && !f.doc().isBlank(),
                    schema.getName() + "." + f.name() + " has no doc"));
        }
    }

    @Test
    void shouldDecodeEventsWrittenWithAnOlderSchemaThroughTheHistory() throws IOException {
        // A writer that knows only the first version (no defaults needed here) still reaches the current reader.
        Schema v1 = new Schema.Parser().parse(HISTORY.resolve("LabeledEvent.v1.avsc").toFile());
        org.apache.avro.generic.GenericRecord record = new org.apache.avro.generic.GenericData.Record(v1);
        record.put("id", "e1");
        record.put("event_time", Instant.ofEpochMilli(5).toEpochMilli());
        record.put("model", "m");
        record.put("numeric", Map.of("a", 1.0));
        record.put("dense", null);
        record.put("categorical", Map.of());
        record.put("labels", Map.of("y", 2.0));
        byte[] bytes = new org.apache.avro.message.BinaryMessageEncoder<org.apache.avro.generic.GenericRecord>(
                org.apache.avro.generic.GenericData.get(), v1).encode(record).array();
        LabeledEvent decoded = Codecs.create().events().decode(bytes);
        assertEquals("e1", decoded.getId());
        assertEquals(2.0, decoded.getLabels().get("y"));
    }
}
