package io.streammtl.stream;

import io.streammtl.avro.LabeledEvent;
import io.streammtl.config.ModelConfig;
import io.streammtl.config.ModelConfigLoader;
import io.streammtl.learn.RowEncoder;
import io.streammtl.data.csv.CsvFormat;
import io.streammtl.data.csv.CsvReader;
import io.streammtl.learn.Example;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** CSV rows with empty cells become events without those features, which the service encodes as the CSV reader does. */
class CsvEventsMissingTest {
    private static final String CSV = """
            size,bedrooms,bathrooms,location,house_price,apartment_price
            100,,2,,300,
            80,3,,harbour,,200
            """;

    @Test
    void shouldLeaveMissingValuesOutOfTheEventAndEncodeItLikeTheCsvReader() throws Exception {
        ModelConfig config = ModelConfigLoader.load(java.nio.file.Path.of("deploy/config/housing.yaml")).model();
        List<LabeledEvent> events;
        try (CsvReader reader = CsvReader.open(new StringReader(CSV), "h.csv", CsvFormat.detect())) {
            events = CsvEvents.readAll(config, reader, "h-", "housing");
        }
        List<Example> rows;
        try (CsvReader reader = CsvReader.open(new StringReader(CSV), "h.csv", CsvFormat.detect())) {
            rows = RowEncoder.readAll(config, reader);
        }
        assertNull(events.get(0).getDense(), "an incomplete row goes by name");
        assertEquals(Map.of("size", 100.0, "bathrooms", 2.0), events.get(0).getNumeric());
        assertEquals(Map.of(), events.get(0).getCategorical());
        assertEquals(Map.of("location", "harbour"), events.get(1).getCategorical());
        EventValidator validator = new EventValidator(config);
        for (int i = 0; i < 2; i++) {
            Example fromEvent = validator.toExample(events.get(i));
            assertArrayEquals(rows.get(i).inputs(), fromEvent.inputs(), "row " + i);
            assertEquals(rows.get(i).featureSet(), fromEvent.featureSet());
        }
    }
}
