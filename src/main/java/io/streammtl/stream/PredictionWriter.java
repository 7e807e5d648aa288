package io.streammtl.stream;

import io.streammtl.avro.LabeledEvent;
import io.streammtl.avro.Prediction;
import io.streammtl.avro.TaskPrediction;
import io.streammtl.config.ModelConfig;
import io.streammtl.config.TaskConfig;
import io.streammtl.learn.BatchPredictions;

import java.util.HashMap;
import java.util.Map;

/** Turns one row of a batch's predictions into the Avro {@link Prediction} of its event. */
final class PredictionWriter {
    private final ModelConfig config;

    PredictionWriter(ModelConfig config) {
        this.config = config;
    }

    // Constructors, not builders: Avro's builders deep-copy schema defaults on every call, which showed in profiles.
    Prediction write(LabeledEvent event, BatchPredictions predictions, int row, long processingTime) {
        Map<String, TaskPrediction> tasks = new HashMap<>(2 * config.tasks().size());
        for (int t = 0; t < config.tasks().size(); t++) {
            TaskConfig task = config.tasks().get(t);
            TaskPrediction out = switch (task.kind()) {
                case REGRESSION -> new TaskPrediction((double) predictions.value(t, row), null, null, null);
                case BINARY -> {
                    double p = predictions.value(t, row);
                    yield new TaskPrediction(null, p, null, p >= 0.5 ? "1" : "0");
                }
                case MULTICLASS -> {
                    Map<String, Double> probabilities = new HashMap<>(2 * task.outputs());
                    int best = 0;
                    for (int c = 0; c < task.outputs(); c++) {
                        double p = predictions.probability(t, row, c);
                        probabilities.put(task.classes().get(c), p);
                        if (p > predictions.probability(t, row, best)) {
                            best = c;
                        }
                    }
                    yield new TaskPrediction(null, null, probabilities, task.classes().get(best));
                }
            };
            tasks.put(task.name(), out);
        }
        return new Prediction(event.getId(), event.getModel(), predictions.modelVersion(), event.getEventTime(),
                java.time.Instant.ofEpochMilli(processingTime), tasks);
    }
}
