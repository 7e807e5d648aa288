package io.streammtl.config;

/**
 * The whole spec file: the model spec, which alone is a model's identity, and the settings of the service that runs
 * it (Kafka, CSV input, the metrics endpoint), which can change without changing the model.
 */
public record ServiceConfig(ModelConfig model, KafkaConfig kafka, CsvConfig csv, EndpointConfig endpoint) {

    /** A copy with other Kafka settings. */
    public ServiceConfig withKafka(KafkaConfig other) {
        return new ServiceConfig(model, other, csv, endpoint);
    }

    /** A copy running another model spec with the same service settings. */
    public ServiceConfig withModel(ModelConfig other) {
        return new ServiceConfig(other, kafka, csv, endpoint);
    }
}
