package io.streammtl.stream;

import io.streammtl.config.AutoSelection;
import io.streammtl.config.KafkaConfig;
import io.streammtl.config.LabelsConfig;
import io.streammtl.config.ModelConfig;
import io.streammtl.config.ServiceConfig;
import io.streammtl.learn.OnlineLearner;
import io.streammtl.learn.BatchPredictions;
import io.streammtl.learn.DriftSignal;
import io.streammtl.learn.auto.SelectionEvent;
import io.streammtl.model.train.Backends;
import io.streammtl.model.ModelBackend;
import io.streammtl.stream.join.JoinedExample;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The single writer of each model routed to its stream task. It decodes and validates every raw input record
 * (a bad one goes to the dead-letter topic with its reason), predicts every event with the current model, learns
 * from each closed batch (test-then-train), keeps model and open batch in its changelogged store so that a
 * restart continues exactly, and emits predictions, versioned snapshots, drift signals and periodic task status,
 * each to its {@link OutputSink}. Model and open batch are written to the store once per commit (through
 * {@link CommitHookStore}), not per event: what a commit makes durable is exactly what the offsets it commits have
 * fed in. With delayed labels ({@code labels:}), every prediction of an event that awaits labels goes on to the
 * label join as a served event ({@link DelayedLabelRows}), and the examples the join sends back (on the joined topic, keyed by model)
 * enter the open batch like labeled events: predicted by the current model (learner quality), their served
 * prediction scored (served quality), then learned. With champion and challengers ({@code auto:}) the champion
 * serves and every variant learns ({@link OwnedModel}); each promotion, pruning and start goes to the drift topic.
 */
final class TrainerProcessor implements Processor<byte[], byte[], byte[], OutputRecord> {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TrainerProcessor.class);
    /**
     * How often the prequential metrics go to the store: they are tens of KB (a binary task's score histogram), so
     * not on every 100 ms commit; after a restart the dashboards resume from at most this long ago.
     */
    static final long METRICS_SAVE_MILLIS = 5_000;
    private final ModelConfig config;
    /** Champion and challengers of every model, or null. */
    private final AutoSelection auto;
    private final KafkaConfig kafka;
    private final EventValidator validator;
    private final LabeledEventReader reader;
    private final DeadLetterCounts counts;
    private final StepListener listener;
    private final IntFunction<ModelBackend> backends;
    private final Map<String, OwnedModel> models = new HashMap<>();
    private final PredictionEncoder predictionEncoder;
    private final DriftEncoder driftEncoder;
    private final SnapshotEncoder snapshotEncoder;
    private final ModelAdmission admission;
    /** The joined topic, or null without delayed labels. */
    private final String joinedTopic;
    /** The trainer's side of the label join, or null without delayed labels. */
    private final DelayedLabelRows delayedRows;
    private ProcessorContext<byte[], OutputRecord> context;
    private ModelStateStore store;
    private KeyValueStore<String, byte[]> storeHandle;
    private boolean resetModel;

    TrainerProcessor(ServiceConfig service, Codecs codecs, DeadLetterCounts counts, StepListener listener,
                     String configHash, String codeVersion) {
        this(service, codecs, counts, listener, configHash, codeVersion,
                capacity -> Backends.select(service.model(), capacity));
    }

    /** A trainer whose models compute on backends of {@code backends.apply(capacity)} (tests count their calls). */
    TrainerProcessor(ServiceConfig service, Codecs codecs, DeadLetterCounts counts, StepListener listener,
                     String configHash, String codeVersion, IntFunction<ModelBackend> backends) {
        this.config = service.model();
        this.auto = service.auto();
        this.kafka = service.kafka();
        this.validator = new EventValidator(config);
        this.reader = new LabeledEventReader(config, codecs.events());
        this.counts = counts;
        this.listener = listener;
        this.backends = backends;
        this.predictionEncoder = new PredictionEncoder(config);
        this.driftEncoder = new DriftEncoder(config, kafka.driftTopic(), codecs);
        this.snapshotEncoder = new SnapshotEncoder(codecs, kafka.snapshotsTopic(), configHash, codeVersion);
        this.admission = new ModelAdmission(kafka.modelKeys());
        LabelsConfig labels = service.labels();
        this.joinedTopic = labels == null ? null : labels.joinedTopic();
        this.delayedRows = labels == null ? null : new DelayedLabelRows(config);
    }

    @Override
    public void init(ProcessorContext<byte[], OutputRecord> processorContext) {
        // Kafka Streams re-initialises the same instance when it revives a corrupted task (e.g. after a
        // transaction timed out): only the store, just restored from the changelog, may be trusted then.
        models.clear();
        admission.clear();
        this.context = processorContext;
        KeyValueStore<String, byte[]> kv = processorContext.getStateStore(kafka.stateStore());
        this.store = new ModelStateStore(kv);
        this.storeHandle = kv;
        this.resetModel = ModelReset.requested(processorContext.appConfigs());
        CommitHookStore hook = processorContext.getStateStore(CommitHookStore.nameFor(kafka.stateStore()));
        hook.beforeCommit(this::persist);
        for (Map.Entry<String, ModelStateStore.Stored> entry : store.readAll().entrySet()) {
            restore(entry.getKey(), entry.getValue());
        }
        if (kafka.predictionFlushMillis() > 0) {
            processorContext.schedule(Duration.ofMillis(kafka.predictionFlushMillis()), PunctuationType.WALL_CLOCK_TIME,
                    now -> flushPredictions());
        }
        if (kafka.statusEverySeconds() > 0) {
            processorContext.schedule(Duration.ofSeconds(kafka.statusEverySeconds()), PunctuationType.WALL_CLOCK_TIME,
                    now -> models.values().forEach(this::publishStatus));
        }
        processorContext.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME,
                now -> models.values().forEach(this::tick));
        if (kafka.snapshotEverySeconds() > 0) {
            processorContext.schedule(Duration.ofSeconds(kafka.snapshotEverySeconds()), PunctuationType.WALL_CLOCK_TIME,
                    now -> models.values().forEach(this::publishSnapshotIfNew));
        }
    }

    private void tick(OwnedModel owned) {
        StepReport report = owned.reporter().tick(owned.learner());
        if (report != null) {
            listener.onTick(owned.model(), report);
        }
    }

    private void restore(String model, ModelStateStore.Stored stored) {
        OwnedModel owned = own(model);
        admission.restore(model);
        boolean kept = stored.state() == null || restoreState(owned, stored.state());
        if (!kept) {
            owned = startAfresh(model);
        }
        if (kept && stored.servedMetrics() != null) {
            try {
                owned.served().restore(stored.servedMetrics());
            } catch (IllegalArgumentException e) {
                LOG.warn("model {}: served quality starts empty, the stored one does not fit this spec: {}",
                        model, e.getMessage());
            }
        }
        if (kept && stored.metrics() != null && owned.storesMetricsApart()) {
            try {
                owned.learner().restoreMetrics(stored.metrics());
            } catch (IllegalArgumentException e) {
                LOG.warn("model {}: prequential metrics start empty, the stored ones do not fit this spec: {}",
                        model, e.getMessage());
            }
        }
        owned.restoreBatches(stored.batches());
        for (ModelStateStore.PendingEntry pending : stored.openBatch()) {
            owned.add(pending.joined() ? DelayedLabelRows.joinedRow(model, pending.event(), pending.timestamp())
                    : new PendingRow(decode(pending.event()), pending.timestamp(), pending.emitted()));
        }
        listener.onRestore(model, owned.reporter().restored(owned.learner()));
        if (owned.auto() != null) {
            listener.onSelection(model, owned.selectionReport(List.of()));
        }
    }

    @Override
    public void close() {
        models.clear();
    }

    private DecodedEvent decode(byte[] bytes) {
        EventFields fields = reader.read(bytes);
        return new DecodedEvent(fields.id, fields.model, fields.eventTime, validator.toExample(fields), bytes);
    }

    /**
     * Restores the stored model, carried over if the spec changed; false when it cannot be and {@code serve
     * --reset-model} asked to start afresh. Without that flag a state that cannot be restored fails the start with
     * the learner's message, which names what changed and how to start fresh.
     */
    private boolean restoreState(OwnedModel owned, byte[] state) {
        try {
            owned.restoreState(state);
        } catch (IllegalArgumentException e) {
            if (!resetModel) {
                throw new StoredModelRefused(owned.model(), e);
            }
            LOG.warn("model {}: --reset-model: DISCARDING the stored model ({} bytes) and starting afresh: {}",
                    owned.model(), state.length, e.getMessage());
            return false;
        }
        if (owned.auto() != null) {
            return true;
        }
        if (owned.learner().carriedOver() != null) {
            LOG.warn("model {}: the spec changed; carried the stored model over: {}", owned.model(),
                    owned.learner().carriedOver());
        }
        if (!OnlineLearner.keepsDriftDetectors(state)) {
            LOG.warn("model {}: restored from an older state format; its drift detectors start afresh", owned.model());
        }
        return true;
    }

    /**
     * A fresh model in place of a half-restored one, stored at the next commit in place of the refused state; the
     * stored metrics belong to the discarded model.
     */
    private OwnedModel startAfresh(String model) {
        models.remove(model);
        OwnedModel fresh = own(model);
        fresh.markStateChanged();
        return fresh;
    }

    private OwnedModel own(String model) {
        return models.computeIfAbsent(model, m -> new OwnedModel(m, config, auto, backends));
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        if (joinedTopic != null && context.recordMetadata().map(m -> joinedTopic.equals(m.topic())).orElse(false)) {
            joined(record);
            return;
        }
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
        OwnedModel owned = own(event.model());
        InvalidEventException outlier = owned.outlier(event.example());
        if (outlier != null) {
            deadLetter(record, outlier);
            return;
        }
        owned.add(new PendingRow(event, record.timestamp(), false));
        if (owned.batchReady()) {
            learn(owned);
        }
    }

    /** A served event joined with later labels: into the open batch like a labeled event, its prediction long out. */
    private void joined(Record<byte[], byte[]> record) {
        String model = new String(record.key(), StandardCharsets.UTF_8);
        PendingRow row;
        try {
            row = DelayedLabelRows.joinedRow(model, record.value(), record.timestamp());
        } catch (IllegalStateException e) {
            deadLetter(record, new InvalidEventException(DeadLetterReason.UNDECODABLE, e.getMessage()));
            return;
        }
        JoinedExample joined = row.joined();
        String refusal = admission.admit(model);
        if (refusal != null) {
            // Served by this writer, so admitted then: only a spec changed since can refuse it now.
            deadLetter(new Record<>(joined.id(), joined.labelRecord(), record.timestamp()),
                    new InvalidEventException(DeadLetterReason.UNKNOWN_MODEL, refusal));
            return;
        }
        OwnedModel owned = own(model);
        InvalidEventException outlier = owned.outlier(row.event().example());
        if (outlier != null) {
            deadLetter(new Record<>(joined.id(), joined.labelRecord(), record.timestamp()), outlier);
            return;
        }
        owned.add(row);
        if (owned.batchReady()) {
            learn(owned);
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
        for (OwnedModel owned : models.values()) {
            if (owned.takeStateChange()) {
                store.putState(owned.model(), owned.state(), owned.batches());
                if (owned.storesMetricsApart() && now - owned.metricsSavedAt() >= METRICS_SAVE_MILLIS) {
                    store.putMetrics(owned.model(), owned.learner().metricsState());
                    if (joinedTopic != null) {
                        store.putServedMetrics(owned.model(), owned.served().state());
                    }
                    owned.metricsSaved(now);
                }
                wrote = true;
            }
            long trained = owned.takeTrainedSinceCommit();
            if (trained > 0) {
                listener.onCommitting(owned.model(), trained);
            }
            if (owned.takePendingChange()) {
                List<PendingRow> rows = owned.pending();
                for (int r = 0; r < rows.size(); r++) {
                    store.putPendingEntry(owned.model(), r, owned.batches(), rows.get(r));
                }
                wrote = true;
            }
        }
        if (wrote) {
            CommitHookStore.flushCache(storeHandle);
        }
    }

    private void deadLetter(Record<byte[], byte[]> record, InvalidEventException e) {
        counts.increment(e.reason());
        DeadLetterRecord letter = DeadLetterRecord.of(record.key(), record.value(), record.headers(), e.reason(),
                e.getMessage(), source(), kafka.maxRecordBytes());
        forward(letter.toRecord(kafka.deadLetterTopic(), record.timestamp()), OutputSink.DEAD_LETTERS);
    }

    /** Where the record being processed came from (topic-partition@offset), or null in a punctuation. */
    private String source() {
        return context.recordMetadata().map(m -> m.topic() + "-" + m.partition() + "@" + m.offset()).orElse(null);
    }

    private void learn(OwnedModel owned) {
        List<PendingRow> rows = owned.pending();
        long started = System.nanoTime();
        BatchPredictions predictions = owned.predictOpenBatch();
        long stepNanos = System.nanoTime() - started;
        long now = context.currentSystemTimeMs();
        for (int r = 0; r < rows.size(); r++) {
            PendingRow row = rows.get(r);
            if (!row.emitted()) {
                emitPrediction(row, predictions, r, now, false);
            } else if (row.joined() != null) {
                scoreServed(owned, row.joined(), predictions.modelVersion());
            }
        }
        long learning = System.nanoTime();
        List<SelectionEvent> selections = owned.learnOpenBatch();
        stepNanos += System.nanoTime() - learning;
        int events = rows.size();
        long closingTime = rows.get(rows.size() - 1).timestamp();
        owned.closeBatch();
        owned.trained(events);
        String at = source();
        String source = at == null ? "" : at;
        long version = owned.learner().counters().applied();
        for (SelectionEvent selection : selections) {
            LOG.info("model {}: variant {} {} after {} paired examples (window loss {}, champion {} at {}), p = {}",
                    owned.model(), selection.variant(), lowerCase(selection.kind()), selection.example(),
                    selection.loss(), selection.champion(), selection.championLoss(), selection.pValue());
            forward(driftEncoder.selection(owned.model(), selection, version, closingTime, source), OutputSink.DRIFT);
        }
        if (owned.auto() != null) {
            listener.onSelection(owned.model(), owned.selectionReport(selections));
        }
        int reported = owned.takeServingStep();
        if (reported == 0) {
            return; // a champion whose own batch is still open: nothing of it changed
        }
        for (DriftSignal signal : owned.learner().lastSignals()) {
            publishDrift(owned, signal, closingTime, source);
        }
        if (owned.learner().lastOutcome().applied() && kafka.snapshotEverySteps() > 0
                && version % kafka.snapshotEverySteps() == 0) {
            publishSnapshot(owned);
        }
        listener.onStep(owned.model(), owned.reporter().step(owned.learner(), reported, stepNanos));
    }

    /** Scores the prediction that was served against the labels that came later. */
    private void scoreServed(OwnedModel owned, JoinedExample joined, long version) {
        DelayedLabelRows.score(owned.served(), joined);
        listener.onJoinedLearned(owned.model(), version - joined.servedVersion(), joined.fromExpiry());
    }

    /** Predicts only the open-batch events whose prediction has not gone out, with the model as of the last step. */
    private void flushPredictions() {
        long now = context.currentSystemTimeMs();
        for (OwnedModel owned : models.values()) {
            if (!owned.hasUnemitted()) {
                continue;
            }
            BatchPredictions predictions = owned.predictUnemitted();
            for (int i = 0; i < predictions.rows(); i++) {
                emitPrediction(owned.unemittedRow(i), predictions, i, now, true);
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
            forward(letter.toRecord(kafka.deadLetterTopic(), row.timestamp()), OutputSink.DEAD_LETTERS);
            return;
        }
        forward(new Record<>(event.id(), new OutputRecord(kafka.predictionsTopic(), value), row.timestamp()),
                OutputSink.PREDICTIONS);
        listener.onPrediction(event.model(), event.eventTime(), row.timestamp(), now, flushed);
        Record<byte[], OutputRecord> served = delayedRows == null ? null : delayedRows.served(row, predictions, r);
        if (served != null) {
            context.forward(served, ServiceTopology.SERVED);
        }
    }

    private void publishDrift(OwnedModel owned, DriftSignal signal, long eventTime, String source) {
        LOG.info("model {} task {}: {} {} after {} examples (loss {} -> {}), response {}", owned.model(),
                signal.taskName(), signal.detector(), lowerCase(signal.level()), signal.examples(), signal.lossBefore(),
                signal.lossAfter(), lowerCase(signal.response()));
        forward(driftEncoder.signal(owned.model(), signal, eventTime, source), OutputSink.DRIFT);
    }

    private void publishStatus(OwnedModel owned) {
        long now = context.currentSystemTimeMs();
        for (Record<byte[], OutputRecord> status : driftEncoder.statuses(owned.model(), owned.learner(),
                joinedTopic == null ? null : owned.served(), now)) {
            forward(status, OutputSink.DRIFT);
        }
    }

    private void publishSnapshotIfNew(OwnedModel owned) {
        long version = owned.learner().counters().applied();
        if (version > 0 && version != owned.publishedVersion()) {
            publishSnapshot(owned);
        }
    }

    private void publishSnapshot(OwnedModel owned) {
        owned.published(owned.learner().counters().applied());
        long now = context.currentSystemTimeMs();
        for (Record<byte[], OutputRecord> chunk : snapshotEncoder.chunks(owned.model(), owned.learner(), now)) {
            forward(chunk, OutputSink.SNAPSHOTS);
        }
    }

    private static String lowerCase(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    private void forward(Record<byte[], OutputRecord> record, OutputSink sink) {
        context.forward(record, sink.sinkName());
    }
}
