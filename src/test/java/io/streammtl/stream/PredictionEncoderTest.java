package io.streammtl.stream;

import io.streammtl.avro.LabeledEvent;
import io.streammtl.avro.Prediction;
import io.streammtl.avro.TaskPrediction;
import io.streammtl.config.ModelConfig;
import io.streammtl.config.TaskConfig;
import io.streammtl.learn.BatchPredictions;
import io.streammtl.learn.Example;
import io.streammtl.learn.ExampleBatch;
import io.streammtl.learn.OnlineLearner;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The hand-written prediction encoder writes exactly what Avro's own writer writes, for every task kind. */
class PredictionEncoderTest {
    @Test
    void shouldWriteTheBytesAvroWritesForRegressionBinaryAndMulticlassTasks() throws IOException {
        check(ServiceTopologyTest.config(0, true).model());
    }

    @Test
    void shouldWriteTheBytesAvroWritesWithTheMemberOfAFamilyTask() throws IOException {
        check(io.streammtl.config.ModelConfigLoader.parse(ServiceTopologyTest.SPEC.formatted(0, true)
                .replace("{name: y, kind: regression}", "{name: y, kind: regression, per: color}")).model());
    }

    private static void check(ModelConfig config) throws IOException {
        List<LabeledEvent> events = ServiceTopologyTest.stream(4, "m", 11);
        EventValidator validator = new EventValidator(config);
        ExampleBatch batch = new ExampleBatch(events.size(), config.inputWidth(), config.tasks().size());
        for (LabeledEvent event : events) {
            Example example = validator.toExample(event);
            batch.add(example);
        }
        OnlineLearner learner = new OnlineLearner(config);
        BatchPredictions predictions = learner.predict(batch);
        PredictionEncoder encoder = new PredictionEncoder(config);
        BinaryMessageEncoder<Prediction> avro = new BinaryMessageEncoder<>(SpecificData.get(), Prediction.getClassSchema());
        for (int row = 0; row < events.size(); row++) {
            LabeledEvent event = events.get(row);
            Example example = validator.toExample(event);
            Prediction expected = expected(config, event, example, predictions, row, 1_700_000_000_123L + row);
            DecodedEvent decoded = new DecodedEvent(event.getId().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    event.getModel(), event.getEventTime().toEpochMilli(), example, new byte[0]);
            byte[] ours = encoder.encode(decoded, predictions, row, 1_700_000_000_123L + row);
            assertArrayEquals(avro.encode(expected).array(), ours, "row " + row);
            assertEquals(expected, Codecs.create().predictions().decode(ours));
        }
    }

    /** The prediction as the generated records describe it, tasks in spec order. */
    private static Prediction expected(ModelConfig config, LabeledEvent event, Example example, BatchPredictions p,
                                       int row, long now) {
        Map<String, TaskPrediction> tasks = new LinkedHashMap<>();
        for (int t = 0; t < config.tasks().size(); t++) {
            TaskConfig task = config.tasks().get(t);
            tasks.put(task.name(), switch (task.kind()) {
                case REGRESSION -> new TaskPrediction((double) p.value(t, row), null, null, null, example.member(t));
                case BINARY -> new TaskPrediction(null, (double) p.value(t, row), null,
                        p.value(t, row) >= 0.5 ? "1" : "0", example.member(t));
                case MULTICLASS -> {
                    Map<String, Double> probabilities = new LinkedHashMap<>();
                    int best = 0;
                    for (int c = 0; c < task.outputs(); c++) {
                        probabilities.put(task.classes().get(c), (double) p.probability(t, row, c));
                        if (p.probability(t, row, c) > p.probability(t, row, best)) {
                            best = c;
                        }
                    }
                    yield new TaskPrediction(null, null, probabilities, task.classes().get(best), example.member(t));
                }
            });
        }
        return new Prediction(event.getId(), event.getModel(), p.modelVersion(), event.getEventTime(),
                Instant.ofEpochMilli(now), tasks);
    }
}
