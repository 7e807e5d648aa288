package io.streammtl.stream;

import io.streammtl.avro.DriftEvent;
import io.streammtl.avro.ModelSnapshot;
import io.streammtl.avro.TaskStatus;
import io.streammtl.config.KafkaConfig;
import io.streammtl.config.ModelConfig;
import io.streammtl.config.ServiceConfig;
import io.streammtl.learn.BatchPredictions;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The single writer of each model routed to its stream task. It decodes and validates every raw input record
 * (a bad one goes to the dead-letter topic with its reason), predicts every event with the current model, learns
 * from each closed batch (test-then-train), keeps model and open batch in its changelogged store so that a
 * restart continues exactly, and emits predictions, versioned snapshots, drift signals and periodic task status.
 * Model and open batch are written to the store once per commit (through {@link CommitHookStore}), not per event:
 * what a commit makes durable is exactly what the offsets it commits have fed in.
 */
final class TrainerProcessor implements Processor<byte[], byte[], byte[], OutputRecord> {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TrainerProcessor.class);
    /**
     * How often the prequential metrics go to the store: they are tens of KB (a binary task's score histogram), so
     * not on every 100 ms commit; after a restart the dashboards resume from at most this long ago.
     */
    static final long METRICS_SAVE_MILLIS = 5_000;
    private final ModelConfig config;
    private final KafkaConfig kafka;
    private final Codecs codecs;
    private final EventValidator validator;
    private final LabeledEventReader reader;
    private final DeadLetterCounts counts;
    private final StepListener listener;
    private final String configHash;
    private final String codeVersion;
    private final Map<String, ModelSlot> slots = new HashMap<>();
    private final PredictionEncoder predictionEncoder;
    private final ModelAdmission admission;
    private ProcessorContext<byte[], OutputRecord> context;
    private ModelStateStore store;
    private KeyValueStore<String, byte[]> storeHandle;

    TrainerProcessor(ServiceConfig service, Codecs codecs, DeadLetterCounts counts, StepListener listener,
                     String configHash, String codeVersion) {
        this.config = service.model();
        this.kafka = service.kafka();
        this.codecs = codecs;
        this.validator = new EventValidator(config);
        this.reader = new LabeledEventReader(config, codecs.events());
        this.counts = counts;
        this.listener = listener;
        this.configHash = configHash;
        this.codeVersion = codeVersion;
        this.predictionEncoder = new PredictionEncoder(config);
        this.admission = new ModelAdmission(kafka.modelKeys());
    }

    @Override
    public void init(ProcessorContext<byte[], OutputRecord> processorContext) {
        // Kafka Streams re-initialises the same instance when it revives a corrupted task (e.g. after a
        // transaction timed out): only the store, just restored from the changelog, may be trusted then.
        slots.clear();
        admission.clear();
        this.context = processorContext;
        KeyValueStore<String, byte[]> kv = processorContext.getStateStore(kafka.stateStore());
        this.store = new ModelStateStore(kv);
        this.storeHandle = kv;
        CommitHookStore hook = processorContext.getStateStore(CommitHookStore.nameFor(kafka.stateStore()));
        hook.beforeCommit(this::persist);
        for (Map.Entry<String, ModelStateStore.Stored> entry : store.readAll().entrySet()) {
            ModelStateStore.Stored stored = entry.getValue();
            ModelSlot slot = slot(entry.getKey());
            admission.restore(entry.getKey());
            if (stored.state() != null) {
                slot.learner().restore(stored.state());
            }
            if (stored.metrics() != null) {
                try {
                    slot.learner().restoreMetrics(stored.metrics());
                } catch (IllegalArgumentException e) {
                    LOG.warn("model {}: prequential metrics start empty, the stored ones do not fit this spec: {}",
                            entry.getKey(), e.getMessage());
                }
            }
            slot.restoreBatches(stored.batches());
            for (ModelStateStore.StoredSlot row : stored.openBatch()) {
                slot.add(new PendingRow(decode(row.event()), row.timestamp(), row.emitted()));
            }
            listener.onRestore(entry.getKey(), slot.learner());
        }
        if (kafka.predictionFlushMillis() > 0) {
            processorContext.schedule(Duration.ofMillis(kafka.predictionFlushMillis()), PunctuationType.WALL_CLOCK_TIME,
                    now -> flushPredictions());
        }
        if (kafka.statusEverySeconds() > 0) {
            processorContext.schedule(Duration.ofSeconds(kafka.statusEverySeconds()), PunctuationType.WALL_CLOCK_TIME,
                    now -> slots.values().forEach(this::publishStatus));
        }
        processorContext.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME,
                now -> slots.values().forEach(slot -> listener.onTick(slot.model(), slot.learner())));
        if (kafka.snapshotEverySeconds() > 0) {
            processorContext.schedule(Duration.ofSeconds(kafka.snapshotEverySeconds()), PunctuationType.WALL_CLOCK_TIME,
                    now -> slots.values().forEach(this::publishSnapshotIfNew));
        }
    }

    @Override
    public void close() {
        slots.clear();
    }

    private DecodedEvent decode(byte[] bytes) {
        EventFields fields = reader.read(bytes);
        return new DecodedEvent(fields.id, fields.model, fields.eventTime, validator.toExample(fields), bytes);
    }

    private ModelSlot slot(String model) {
        return slots.computeIfAbsent(model, m -> new ModelSlot(m, config));
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        DecodedEvent event;
        try {
            event = decode(record.value());
        } catch (InvalidEventException e) {
            deadLetter(record, e);
            return;
        }
        if (event.id().length > kafka.maxIdBytes()) {
            deadLetter(record, new InvalidEventException(DeadLetterReason.ID_TOO_LONG, "the event id has "
                    + event.id().length + " bytes; at most " + kafka.maxIdBytes() + " are accepted (kafka.max_id_bytes)"));
            return;
        }
        String refusal = admission.admit(event.model());
        if (refusal != null) {
            deadLetter(record, new InvalidEventException(DeadLetterReason.UNKNOWN_MODEL, refusal));
            return;
        }
        ModelSlot slot = slot(event.model());
        InvalidEventException outlier = slot.outlier(event.example());
        if (outlier != null) {
            deadLetter(record, outlier);
            return;
        }
        PendingRow row = new PendingRow(event, record.timestamp(), false);
        slot.add(row);
        if (slot.batchReady()) {
            learn(slot);
        }
    }

    /**
     * Writes every changed model and open batch into the store and flushes the store's cache to its changelog,
     * at the start of a commit: the flush is explicit because Kafka Streams flushes the task's stores in an order
     * of its own, and this store's cache may come before the hook.
     */
    void persist() {
        boolean wrote = false;
        long now = context.currentSystemTimeMs();
        for (ModelSlot slot : slots.values()) {
            if (slot.takeStateChange()) {
                store.putState(slot.model(), slot.learner().snapshot(), slot.batches());
                if (now - slot.metricsSavedAt() >= METRICS_SAVE_MILLIS) {
                    store.putMetrics(slot.model(), slot.learner().metricsState());
                    slot.metricsSaved(now);
                }
                wrote = true;
            }
            long trained = slot.takeTrainedSinceCommit();
            if (trained > 0) {
                listener.onCommitting(slot.model(), trained);
            }
            if (slot.takePendingChange()) {
                List<PendingRow> rows = slot.pending();
                for (int r = 0; r < rows.size(); r++) {
                    store.putSlot(slot.model(), r, slot.batches(), rows.get(r));
                }
                wrote = true;
            }
        }
        if (wrote && storeHandle instanceof org.apache.kafka.streams.state.internals.CachedStateStore<?, ?> cached) {
            cached.flushCache();
        }
    }

    private void deadLetter(Record<byte[], byte[]> record, InvalidEventException e) {
        counts.increment(e.reason());
        String source = context.recordMetadata().map(m -> m.topic() + "-" + m.partition() + "@" + m.offset())
                .orElse(null);
        DeadLetterRecord letter = DeadLetterRecord.of(record.key(), record.value(), record.headers(), e.reason(),
                e.getMessage(), source, kafka.maxRecordBytes());
        context.forward(new Record<>(letter.key(), new OutputRecord(kafka.deadLetterTopic(), letter.value()),
                record.timestamp(), letter.headers()));
    }

    private void learn(ModelSlot slot) {
        List<PendingRow> rows = slot.pending();
        long started = System.nanoTime();
        BatchPredictions predictions = slot.learner().predictThenLearn(slot.batch());
        long stepNanos = System.nanoTime() - started;
        long now = context.currentSystemTimeMs();
        for (int r = 0; r < rows.size(); r++) {
            if (!rows.get(r).emitted()) {
                emitPrediction(rows.get(r), predictions, r, now, false);
            }
        }
        int events = rows.size();
        long closingTime = rows.get(rows.size() - 1).timestamp();
        slot.closeBatch();
        slot.trained(events);
        for (io.streammtl.learn.DriftSignal signal : slot.learner().lastSignals()) {
            publishDrift(slot, signal, closingTime);
        }
        long version = slot.learner().counters().applied();
        if (slot.learner().lastOutcome().applied() && kafka.snapshotEverySteps() > 0
                && version % kafka.snapshotEverySteps() == 0) {
            publishSnapshot(slot);
        }
        listener.onStep(slot.model(), slot.learner(), events, stepNanos);
    }

    /** Predicts open-batch events whose prediction has not gone out, with the model as of the last step. */
    private void flushPredictions() {
        long now = context.currentSystemTimeMs();
        for (ModelSlot slot : slots.values()) {
            List<PendingRow> rows = slot.pending();
            if (rows.stream().allMatch(PendingRow::emitted)) {
                continue;
            }
            BatchPredictions predictions = slot.learner().predict(slot.batch());
            for (int r = 0; r < rows.size(); r++) {
                if (!rows.get(r).emitted()) {
                    emitPrediction(rows.get(r), predictions, r, now, true);
                    slot.markEmitted(r);
                }
            }
        }
    }

    private void emitPrediction(PendingRow row, BatchPredictions predictions, int r, long now, boolean flushed) {
        DecodedEvent event = row.event();
        byte[] value = predictionEncoder.encode(event, predictions, r, now);
        if (event.id().length + value.length > kafka.maxRecordBytes()) {
            // Under exactly-once a record the producer refuses aborts the transaction, and the same event would fail
            // again on every retry: the input goes to the dead letters instead.
            counts.increment(DeadLetterReason.RECORD_TOO_LARGE);
            DeadLetterRecord letter = DeadLetterRecord.of(event.id(), event.bytes(), DeadLetterReason.RECORD_TOO_LARGE,
                    "its prediction would take " + (event.id().length + value.length) + " bytes, above the "
                            + kafka.maxRecordBytes() + " the service may write", null, kafka.maxRecordBytes());
            context.forward(new Record<>(letter.key(), new OutputRecord(kafka.deadLetterTopic(), letter.value()),
                    row.timestamp(), letter.headers()));
            return;
        }
        context.forward(new Record<>(event.id(), new OutputRecord(kafka.predictionsTopic(), value), row.timestamp()));
        listener.onPrediction(event.model(), event.eventTime(), row.timestamp(), now, flushed);
    }

    private void publishDrift(ModelSlot slot, io.streammtl.learn.DriftSignal signal, long eventTime) {
        String source = context.recordMetadata().map(m -> m.topic() + "-" + m.partition() + "@" + m.offset()).orElse("");
        DriftEvent event = new DriftEvent(slot.model(), signal.taskName(), signal.detector(),
                signal.level().name().toLowerCase(java.util.Locale.ROOT), signal.examples(), signal.modelVersion(),
                Instant.ofEpochMilli(eventTime), source, signal.statistic(), finite(signal.lossBefore()),
                finite(signal.lossAfter()), signal.response().name().toLowerCase(java.util.Locale.ROOT));
        LOG.info("model {} task {}: {} {} after {} examples (loss {} -> {}), response {}", slot.model(),
                signal.taskName(), signal.detector(), event.getLevel(), signal.examples(), event.getLossBefore(),
                event.getLossAfter(), event.getResponse());
        context.forward(new Record<>((slot.model() + "/" + signal.taskName()).getBytes(StandardCharsets.UTF_8),
                new OutputRecord(kafka.driftTopic(), codecs.driftEvents().encode(event)), eventTime));
    }

    private void publishStatus(ModelSlot slot) {
        long now = context.currentSystemTimeMs();
        var learner = slot.learner();
        for (int t = 0; t < config.tasks().size(); t++) {
            String task = config.tasks().get(t).name();
            Map<String, Double> metrics = new HashMap<>();
            learner.metrics(t).windowed().forEach((k, v) -> {
                if (Double.isFinite(v)) {
                    metrics.put(k, v);
                }
            });
            boolean watched = learner.drift().watches(t);
            TaskStatus status = new TaskStatus(slot.model(), task, Instant.ofEpochMilli(now), learner.metrics(t).count(),
                    learner.counters().applied(), metrics, watched ? learner.drift().detectorName(t) : null,
                    watched ? finite(learner.drift().statistic(t)) : null,
                    learner.drift().level(t).name().toLowerCase(java.util.Locale.ROOT));
            context.forward(new Record<>((slot.model() + "/" + task).getBytes(StandardCharsets.UTF_8),
                    new OutputRecord(kafka.driftTopic(), codecs.statuses().encode(status)), now));
        }
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

    private void publishSnapshotIfNew(ModelSlot slot) {
        long version = slot.learner().counters().applied();
        if (version > 0 && version != slot.publishedVersion()) {
            publishSnapshot(slot);
        }
    }

    private void publishSnapshot(ModelSlot slot) {
        byte[] state = slot.learner().snapshot();
        slot.published(slot.learner().counters().applied());
        int chunk = ModelStateStore.CHUNK_BYTES;
        int chunks = Math.max(1, (state.length + chunk - 1) / chunk);
        long now = context.currentSystemTimeMs();
        for (int i = 0; i < chunks; i++) {
            ModelSnapshot snapshot = ModelSnapshot.newBuilder()
                    .setModel(slot.model())
                    .setVersion(slot.learner().counters().applied())
                    .setExamples(slot.learner().counters().examples())
                    .setChunk(i)
                    .setChunks(chunks)
                    .setState(ByteBuffer.wrap(state, i * chunk, Math.min(state.length, (i + 1) * chunk) - i * chunk).slice())
                    .setConfigHash(configHash)
                    .setCodeVersion(codeVersion)
                    .setCreatedAt(Instant.ofEpochMilli(now))
                    .build();
            context.forward(new Record<>((slot.model() + "/" + i).getBytes(StandardCharsets.UTF_8),
                    new OutputRecord(kafka.snapshotsTopic(), codecs.snapshots().encode(snapshot)), now));
        }
    }

}
