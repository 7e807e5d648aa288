package io.streammtl.stream;

import io.streammtl.avro.LabeledEvent;
import io.streammtl.config.ModelConfig;
import io.streammtl.learn.RowEncoder;
import io.streammtl.data.csv.CsvReader;
import io.streammtl.data.csv.CsvRow;
import io.streammtl.learn.Example;
import io.streammtl.learn.FeatureLayout;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the rows of a CSV into input events as the model spec maps them: numeric features on the dense
 * fast path, categorical ones by name, labels by task (after the spec's threshold or value map).
 */
public final class CsvEvents {
    private final ModelConfig config;
    private final RowEncoder encoder;
    private final FeatureLayout layout;
    private final List<TaskWire> wires;
    private final String idPrefix;
    private final String model;

    public CsvEvents(ModelConfig config, CsvReader reader, String idPrefix, String model) {
        this.config = config;
        this.encoder = new RowEncoder(config, reader);
        this.layout = new FeatureLayout(config);
        this.wires = config.tasks().stream().map(TaskWire::of).toList();
        this.idPrefix = idPrefix;
        this.model = model;
    }

    /** Reads every remaining row (ids are {@code <prefix><line>}). */
    public static List<LabeledEvent> readAll(ModelConfig config, CsvReader reader, String idPrefix, String model) {
        CsvEvents events = new CsvEvents(config, reader, idPrefix, model);
        List<LabeledEvent> out = new ArrayList<>();
        for (CsvRow row = reader.next(); row != null; row = reader.next()) {
            out.add(events.toEvent(row, Instant.EPOCH));
        }
        return out;
    }

    public LabeledEvent toEvent(CsvRow row, Instant eventTime) {
        Example example = encoder.encode(row);
        List<Double> dense = new ArrayList<>();
        Map<String, Double> numeric = new HashMap<>();
        Map<String, String> categorical = new HashMap<>();
        boolean complete = true;
        for (int f = 0; f < config.features().size(); f++) {
            String name = config.features().get(f).name();
            String text = encoder.rawFeature(row, f);
            if (text.isEmpty()) {
                // A missing value is left out of the event: the service imputes it or ignores it, as the spec says.
                complete &= !layout.isNumeric(f);
            } else if (layout.isNumeric(f)) {
                double value = example.inputs()[layout.offset(f)];
                dense.add(value);
                numeric.put(name, value);
            } else {
                categorical.put(name, text);
            }
        }
        Map<String, Object> labels = new HashMap<>();
        for (int t = 0; t < config.tasks().size(); t++) {
            if (example.labeled()[t]) {
                labels.put(config.tasks().get(t).name(), wires.get(t).avroLabel(example.labels()[t]));
            }
        }
        return LabeledEvent.newBuilder().setId(idPrefix + row.line()).setEventTime(eventTime).setModel(model)
                .setDense(complete ? dense : null).setNumeric(complete ? Map.of() : numeric)
                .setCategorical(categorical).setLabels(labels).build();
    }
}
