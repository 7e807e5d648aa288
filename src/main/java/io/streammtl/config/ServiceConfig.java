package io.streammtl.config;

/**
 * The whole spec file: the model spec, which alone is a model's identity, and the settings of the service that runs
 * it (Kafka, labels that come after their events (null: none), CSV input, the metrics endpoint), which can change
 * without changing the model, and the champion/challenger variants of the model ({@code auto}, null: none). A task
 * with a {@code label_ttl} needs a {@code labels} section, and the other way round.
 */
public record ServiceConfig(ModelConfig model, KafkaConfig kafka, LabelsConfig labels, CsvConfig csv,
                            EndpointConfig endpoint, AutoSelection auto) {

    public ServiceConfig {
        boolean delayed = model.tasks().stream().anyMatch(TaskConfig::delayed);
        if (delayed && labels == null) {
            int t = 0;
            while (!model.tasks().get(t).delayed()) {
                t++;
            }
            throw new ConfigException("labels", "missing; tasks[" + t + "].label_ttl says labels come after their"
                    + " events, so the service needs labels.topics to read them from");
        }
        if (!delayed && labels != null) {
            throw new ConfigException("labels", "no task has a label_ttl; give the tasks whose labels come later a"
                    + " label_ttl (e.g. 15m), or remove the labels section");
        }
    }

    /** Settings without champion/challengers. */
    public ServiceConfig(ModelConfig model, KafkaConfig kafka, LabelsConfig labels, CsvConfig csv,
                         EndpointConfig endpoint) {
        this(model, kafka, labels, csv, endpoint, null);
    }

    /** Settings without delayed labels. */
    public ServiceConfig(ModelConfig model, KafkaConfig kafka, CsvConfig csv, EndpointConfig endpoint) {
        this(model, kafka, null, csv, endpoint, null);
    }

    /** A copy whose model runs with champion/challengers {@code selection}. */
    public ServiceConfig withAuto(AutoSelection selection) {
        return new ServiceConfig(model, kafka, labels, csv, endpoint, selection);
    }

    /** Whether some task takes labels after its events. */
    public boolean delayedLabels() {
        return labels != null;
    }

    /** A copy with other Kafka settings. */
    public ServiceConfig withKafka(KafkaConfig other) {
        return new ServiceConfig(model, other, labels, csv, endpoint, auto);
    }

    /** A copy with other label settings. */
    public ServiceConfig withLabels(LabelsConfig other) {
        return new ServiceConfig(model, kafka, other, csv, endpoint, auto);
    }

    /** A copy running another model spec with the same service settings, without champion/challengers. */
    public ServiceConfig withModel(ModelConfig other) {
        return new ServiceConfig(other, kafka, labels, csv, endpoint);
    }
}
