package io.streammtl.stream;

import io.streammtl.config.KafkaConfig;
import io.streammtl.config.ModelConfig;
import io.streammtl.config.ServiceConfig;
import io.streammtl.learn.BatchPredictions;
import io.streammtl.learn.ExampleBatch;
import io.streammtl.learn.ValueRejection;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import java.nio.charset.StandardCharsets;

/**
 * The prediction stage of {@code kafka.stages: split}, on every input partition: it decodes and validates each raw
 * record (a bad one is dead-lettered with its reason), predicts it with this instance's latest broadcast model of its
 * key ({@link ModelBroadcast}; the seeded version 0 before any snapshot arrived), writes the {@code Prediction} with
 * that model's version, and passes an event that carries labels on to the learning stage, keyed by model, and one
 * that awaits delayed labels on to the label join as a served event. It keeps no state of its own: which version
 * predicts an event depends on when the snapshot reached this instance.
 */
final class PredictionProcessor implements Processor<byte[], byte[], byte[], OutputRecord> {
    private final KafkaConfig kafka;
    private final InputEvents inputs;
    private final DeadLetterCounts counts;
    private final StepListener listener;
    private final ModelBroadcast broadcast;
    private final PredictionRecords predictionRecords;
    private final ModelAdmission admission;
    /** The stage's side of the label join, or null without delayed labels. */
    private final DelayedLabelRows delayedRows;
    private final ExampleBatch row;
    private ProcessorContext<byte[], OutputRecord> context;

    PredictionProcessor(ServiceConfig service, Codecs codecs, DeadLetterCounts counts, StepListener listener,
                        ModelBroadcast broadcast) {
        ModelConfig config = service.model();
        this.kafka = service.kafka();
        this.counts = counts;
        this.listener = listener;
        this.broadcast = broadcast;
        this.predictionRecords = new PredictionRecords(config, kafka, counts);
        this.admission = new ModelAdmission(kafka.modelKeys());
        this.inputs = new InputEvents(config, kafka, codecs, admission);
        this.delayedRows = service.labels() == null ? null : new DelayedLabelRows(config);
        this.row = new ExampleBatch(1, config.inputWidth(), config.tasks().size());
    }

    @Override
    public void init(ProcessorContext<byte[], OutputRecord> processorContext) {
        admission.clear();
        this.context = processorContext;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        DecodedEvent event;
        try {
            event = inputs.admit(record.value());
        } catch (InvalidEventException e) {
            deadLetter(record, e);
            return;
        }
        ModelBroadcast.LiveModel live = broadcast.model(event.model());
        long now = context.currentSystemTimeMs();
        PendingRow pending = new PendingRow(event, record.timestamp(), true);
        Record<byte[], OutputRecord> prediction;
        Record<byte[], OutputRecord> served;
        synchronized (live) {
            // The guard of the model that predicts: the learner checks again against its own statistics.
            ValueRejection outlier = live.learner().checkOutliers(event.example());
            if (outlier != null) {
                deadLetter(record, EventValidator.deadLetter(outlier));
                return;
            }
            row.clear();
            row.add(event.example());
            BatchPredictions predictions = live.learner().predict(row);
            prediction = predictionRecords.of(event, predictions, 0, now, record.timestamp());
            served = delayedRows == null ? null : delayedRows.served(pending, predictions, 0);
        }
        OutputSink sink = predictionRecords.sinkOf(prediction);
        context.forward(prediction, sink.stageSinkName());
        if (sink == OutputSink.DEAD_LETTERS) {
            return;
        }
        listener.onPrediction(event.model(), event.eventTime(), record.timestamp(), now, false);
        broadcast.predicted(event.model(), live, now);
        if (event.example().hasAnyLabel()) {
            context.forward(new Record<>(event.model().getBytes(StandardCharsets.UTF_8),
                    new OutputRecord(null, record.value()), record.timestamp()), ServiceTopology.LABELED);
        }
        if (served != null) {
            context.forward(served, ServiceTopology.SERVED);
        }
    }

    private void deadLetter(Record<byte[], byte[]> record, InvalidEventException e) {
        counts.increment(e.reason());
        String source = context.recordMetadata().map(m -> m.topic() + "-" + m.partition() + "@" + m.offset())
                .orElse(null);
        DeadLetterRecord letter = DeadLetterRecord.of(record.key(), record.value(), record.headers(), e.reason(),
                e.getMessage(), source, kafka.maxRecordBytes());
        context.forward(letter.toRecord(kafka.deadLetterTopic(), record.timestamp()),
                OutputSink.DEAD_LETTERS.stageSinkName());
    }
}
