package io.streammtl.stream;

import io.streammtl.config.KafkaConfig;
import io.streammtl.config.LabelsConfig;
import io.streammtl.config.ModelConfig;
import io.streammtl.config.ServiceConfig;
import io.streammtl.config.Stages;
import io.streammtl.learn.BatchPredictions;
import io.streammtl.learn.ChallengeEvent;
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
import java.util.List;
import java.util.Locale;
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
 * serves and every variant learns ({@link OwnedModel}), joined examples included; each promotion, pruning and start
 * goes to the drift topic, and a promotion publishes the new champion's snapshot at once.
 * As the learning stage of {@code kafka.stages: split} it gets only labeled events, already predicted by
 * {@link PredictionProcessor}: it learns them and emits no predictions.
 */
final class TrainerProcessor implements Processor<byte[], byte[], byte[], OutputRecord> {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TrainerProcessor.class);
    private final ModelConfig config;
    private final KafkaConfig kafka;
    private final InputEvents inputs;
    private final DeadLetterCounts counts;
    private final StepListener listener;
    private final TrainerModels models;
    private final PredictionRecords predictionRecords;
    private final DriftEncoder driftEncoder;
    private final SnapshotEncoder snapshotEncoder;
    private final ModelAdmission admission;
    /** The joined topic, or null without delayed labels. */
    private final String joinedTopic;
    /** The trainer's side of the label join, or null without delayed labels. */
    private final DelayedLabelRows delayedRows;
    /** Whether the prediction stage already predicted every event that reaches this trainer (its learning stage). */
    private final boolean predictedUpstream;
    private ProcessorContext<byte[], OutputRecord> context;

    TrainerProcessor(ServiceConfig service, Codecs codecs, DeadLetterCounts counts, StepListener listener,
                     String configHash, String codeVersion) {
        this(service, codecs, counts, listener, configHash, codeVersion,
                capacity -> Backends.select(service.model(), capacity));
    }

    /** A trainer whose models compute on backends of {@code backends.apply(capacity)} (tests count their calls). */
    TrainerProcessor(ServiceConfig service, Codecs codecs, DeadLetterCounts counts, StepListener listener,
                     String configHash, String codeVersion, IntFunction<ModelBackend> backends) {
        this.config = service.model();
        this.kafka = service.kafka();
        this.counts = counts;
        this.listener = listener;
        this.predictionRecords = new PredictionRecords(config, kafka, counts);
        this.driftEncoder = new DriftEncoder(config, kafka.driftTopic(), codecs);
        this.snapshotEncoder = new SnapshotEncoder(codecs, kafka.snapshotsTopic(), configHash, codeVersion);
        this.admission = new ModelAdmission(kafka.modelKeys());
        this.inputs = new InputEvents(config, kafka, codecs, admission);
        LabelsConfig labels = service.labels();
        this.joinedTopic = labels == null ? null : labels.joinedTopic();
        this.delayedRows = labels == null ? null : new DelayedLabelRows(config);
        this.predictedUpstream = kafka.stages() == Stages.SPLIT;
        this.models = new TrainerModels(config, service.auto(), backends, listener, admission, labels != null,
                !predictedUpstream);
    }

    @Override
    public void init(ProcessorContext<byte[], OutputRecord> processorContext) {
        this.context = processorContext;
        KeyValueStore<String, byte[]> kv = processorContext.getStateStore(kafka.stateStore());
        CommitHookStore hook = processorContext.getStateStore(CommitHookStore.nameFor(kafka.stateStore()));
        hook.beforeCommit(() -> models.persist(context.currentSystemTimeMs()));
        models.restoreAll(kv, inputs::decode, ModelReset.requested(processorContext.appConfigs()));
        if (kafka.predictionFlushMillis() > 0) {
            processorContext.schedule(Duration.ofMillis(kafka.predictionFlushMillis()), PunctuationType.WALL_CLOCK_TIME,
                    now -> flushPredictions());
        }
        if (kafka.statusEverySeconds() > 0) {
            processorContext.schedule(Duration.ofSeconds(kafka.statusEverySeconds()), PunctuationType.WALL_CLOCK_TIME,
                    now -> models.all().forEach(this::publishStatus));
        }
        processorContext.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME,
                now -> models.all().forEach(this::tick));
        if (kafka.snapshotEverySeconds() > 0) {
            processorContext.schedule(Duration.ofSeconds(kafka.snapshotEverySeconds()), PunctuationType.WALL_CLOCK_TIME,
                    now -> models.all().forEach(this::publishSnapshotIfNew));
        }
    }

    private void tick(OwnedModel owned) {
        StepReport report = owned.reporter().tick(owned.learner());
        if (report != null) {
            listener.onTick(owned.model(), report);
        }
    }

    @Override
    public void close() {
        models.clear();
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        if (joinedTopic != null && context.recordMetadata().map(m -> joinedTopic.equals(m.topic())).orElse(false)) {
            joined(record);
            return;
        }
        DecodedEvent event;
        try {
            event = inputs.admit(record.value());
        } catch (InvalidEventException e) {
            deadLetter(record, e);
            return;
        }
        OwnedModel owned = models.own(event.model());
        InvalidEventException outlier = owned.outlier(event.example());
        if (outlier != null) {
            deadLetter(record, outlier);
            return;
        }
        owned.add(new PendingRow(event, record.timestamp(), predictedUpstream));
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
        OwnedModel owned = models.own(model);
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
        boolean promoted = false;
        for (SelectionEvent selection : selections) {
            promoted |= selection.kind() == SelectionEvent.Kind.PROMOTED;
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
        for (ChallengeEvent challenge : owned.learner().lastChallengeEvents()) {
            LOG.info("model {} task {}: drift challenger {} after {} paired examples (window loss {} vs the model's {}),"
                    + " p = {}", owned.model(), challenge.taskName(), lowerCase(challenge.kind()), challenge.examples(),
                    challenge.loss(), challenge.modelLoss(), challenge.pValue());
            forward(driftEncoder.challenge(owned.model(), challenge, closingTime, source), OutputSink.DRIFT);
        }
        // A new champion is broadcast at once: the prediction stage and /predict serve it from the next event on.
        if (promoted || owned.learner().lastOutcome().applied() && kafka.snapshotEverySteps() > 0
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
        for (OwnedModel owned : models.all()) {
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
        Record<byte[], OutputRecord> prediction = predictionRecords.of(event, predictions, r, now, row.timestamp());
        OutputSink sink = predictionRecords.sinkOf(prediction);
        forward(prediction, sink);
        if (sink == OutputSink.DEAD_LETTERS) {
            return;
        }
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
        long version = owned.learner().counters().applied();
        // The broadcast keeps the snapshot taken last, by time then version: one in the same millisecond as the last
        // and no higher in version (a champion just promoted, with as many or fewer steps) is stamped a millisecond
        // later, or every instance would take it for the one it holds and serve the old champion.
        long takenAt = Math.max(context.currentSystemTimeMs(), owned.publishedAt());
        if (takenAt == owned.publishedAt() && version <= owned.publishedVersion()) {
            takenAt++;
        }
        owned.published(version, takenAt);
        for (Record<byte[], OutputRecord> chunk : snapshotEncoder.chunks(owned.model(), owned.learner(), takenAt)) {
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
