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

class CsvEventsPositiveLabelTest {
    private static final ModelConfig CONFIG = ModelConfigLoader.parse("""
            features: [{name: x}]
            tasks: [{name: up, kind: binary, label: {column: direction, positive: UP}}]
            """).model();

    @Test
    void shouldCarryOneForAPositiveValueAndZeroForAnyOther() {
        try (CsvReader reader = CsvReader.open(new StringReader("x,direction\n1,UP\n2,DOWN\n3,\n"), "t.csv",
                CsvFormat.detect())) {
            List<LabeledEvent> events = CsvEvents.readAll(CONFIG, reader, "t.csv:", "m");
            assertEquals(Map.of("up", 1.0), events.get(0).getLabels());
            assertEquals(Map.of("up", 0.0), events.get(1).getLabels());
            assertEquals(Map.of(), events.get(2).getLabels(), "an empty cell leaves the task unlabeled");
            // The service reads the event back into the label the learner would have read from the CSV.
            var example = new EventValidator(CONFIG).toExample(Codecs.create().events().decode(
                    Codecs.create().events().encode(events.get(0))));
            assertEquals(1f, example.labels()[0]);
        }
    }
}
