package io.streammtl.stream;

import io.streammtl.avro.LabeledEvent;
import io.streammtl.avro.Prediction;
import io.streammtl.avro.TaskPrediction;
import io.streammtl.config.ModelConfig;
import io.streammtl.config.TaskConfig;
import io.streammtl.learn.BatchPredictions;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Turns one row of a batch's predictions into the Avro {@link Prediction} of its event. */
final class PredictionWriter {
    private final ModelConfig config;

    PredictionWriter(ModelConfig config) {
        this.config = config;
    }

    Prediction write(LabeledEvent event, BatchPredictions predictions, int row, long processingTime) {
        Map<String, TaskPrediction> tasks = new LinkedHashMap<>();
        for (int t = 0; t < config.tasks().size(); t++) {
            TaskConfig task = config.tasks().get(t);
            TaskPrediction.Builder out = TaskPrediction.newBuilder();
            switch (task.kind()) {
                case REGRESSION -> out.setValue((double) predictions.value(t, row));
                case BINARY -> {
                    double p = predictions.value(t, row);
                    out.setProbability(p).setPredictedClass(p >= 0.5 ? "1" : "0");
                }
                case MULTICLASS -> {
                    Map<String, Double> probabilities = new HashMap<>();
                    int best = 0;
                    for (int c = 0; c < task.outputs(); c++) {
                        double p = predictions.probability(t, row, c);
                        probabilities.put(task.classes().get(c), p);
                        if (p > predictions.probability(t, row, best)) {
                            best = c;
                        }
                    }
                    out.setClassProbabilities(probabilities).setPredictedClass(task.classes().get(best));
                }
            }
            tasks.put(task.name(), out.build());
        }
        return Prediction.newBuilder()
                .setEventId(event.getId())
                .setModel(event.getModel())
                .setModelVersion(predictions.modelVersion())
                .setEventTime(event.getEventTime())
                .setProcessingTime(java.time.Instant.ofEpochMilli(processingTime))
                .setTasks(tasks)
                .build();
    }
}
