package io.streammtl.stream;

import io.streammtl.config.KafkaConfig;
import io.streammtl.config.ModelConfig;
import io.streammtl.learn.BatchPredictions;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The output record of one prediction, keyed by its event's id: the encoded {@code Prediction}, or, when it would
 * exceed {@code kafka.max_record_bytes}, the event as a dead letter ({@code RECORD_TOO_LARGE}, counted).
 */
final class PredictionRecords {
    private final KafkaConfig kafka;
    private final DeadLetterCounts counts;
    private final PredictionEncoder encoder;

    PredictionRecords(ModelConfig config, KafkaConfig kafka, DeadLetterCounts counts) {
        this.kafka = kafka;
        this.counts = counts;
        this.encoder = new PredictionEncoder(config);
    }

    /** The record of row {@code r} of {@code predictions}, the prediction of {@code event}, made at {@code now}. */
    Record<byte[], OutputRecord> of(DecodedEvent event, BatchPredictions predictions, int r, long now,
                                    long timestamp) {
        byte[] value = encoder.encode(event, predictions, r, now);
        if (event.id().length + value.length > kafka.maxRecordBytes()) {
            // Under exactly-once a record the producer refuses aborts the transaction, and the same event would fail
            // again on every retry: the input goes to the dead letters instead.
            counts.increment(DeadLetterReason.RECORD_TOO_LARGE);
            DeadLetterRecord letter = DeadLetterRecord.of(event.id(), event.bytes(), DeadLetterReason.RECORD_TOO_LARGE,
                    "its prediction would take " + (event.id().length + value.length) + " bytes, above the "
                            + kafka.maxRecordBytes() + " the service may write", null, kafka.maxRecordBytes());
            return letter.toRecord(kafka.deadLetterTopic(), timestamp);
        }
        return new Record<>(event.id(), new OutputRecord(kafka.predictionsTopic(), value), timestamp);
    }

    /** The sink of a record {@link #of} made. */
    OutputSink sinkOf(Record<byte[], OutputRecord> record) {
        return kafka.predictionsTopic().equals(record.value().topic()) ? OutputSink.PREDICTIONS
                : OutputSink.DEAD_LETTERS;
    }
}
