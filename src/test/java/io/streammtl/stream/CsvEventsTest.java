package io.streammtl.stream;

import io.streammtl.avro.LabeledEvent;
import io.streammtl.config.ModelConfig;
import io.streammtl.config.ModelConfigLoader;
import io.streammtl.data.csv.CsvFormat;
import io.streammtl.data.csv.CsvReader;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class CsvEventsTest {
    private static final ModelConfig CONFIG = ModelConfigLoader.parse("""
            features: [{name: size}, {name: place, type: categorical, vocabulary: [town]}, {name: rooms}]
            tasks:
              - {name: price, kind: regression}
              - {name: good, kind: binary, label: {column: score, threshold: 6}}
              - {name: tier, kind: multiclass, classes: [low, high], label: {column: score, map: {"5": low, "7": high}}}
            """).model();

    @Test
    void shouldMapRowsToEventsWithDenseFeaturesAndLabelsByTask() {
        try (CsvReader reader = CsvReader.open(new StringReader("size,place,rooms,price,score\n80,farm,3,120,7\n60,town,2,,5\n"),
                "t.csv", CsvFormat.detect())) {
            List<LabeledEvent> events = CsvEvents.readAll(CONFIG, reader, "t.csv:", "m");
            LabeledEvent first = events.get(0);
            assertEquals("t.csv:2", first.getId());
            assertEquals("m", first.getModel());
            assertEquals(List.of(80.0, 3.0), first.getDense());
            assertEquals(Map.of("place", "farm"), first.getCategorical());
            assertEquals(Map.of("price", 120.0, "good", 1.0, "tier", "high"), first.getLabels());
            assertNull(events.get(1).getLabels().get("price"), "an empty cell leaves the task unlabeled");
            assertEquals("low", events.get(1).getLabels().get("tier"));
            // What produce writes, the service reads back into the same example.
            var example = new EventValidator(CONFIG).toExample(Codecs.create().events().decode(
                    Codecs.create().events().encode(first)));
            assertEquals(80f, example.inputs()[0]);
            assertEquals(1f, example.inputs()[2], "farm is out of vocabulary");
            assertEquals(3f, example.inputs()[3]);
        }
    }
}
