package io.streammtl.stream;

import io.streammtl.avro.ModelSnapshot;
import io.streammtl.config.KafkaConfig;
import io.streammtl.config.ModelConfig;
import io.streammtl.learn.BatchPredictions;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The single writer of each model routed to its stream task: predicts every event with the current model,
 * learns from each closed batch (test-then-train), keeps model and pending events in its changelogged store so
 * that a restart continues exactly, and emits predictions and versioned snapshots.
 */
final class TrainerProcessor implements Processor<String, DecodedEvent, String, OutputRecord> {
    private final ModelConfig config;
    private final KafkaConfig kafka;
    private final Codecs codecs;
    private final EventDeserializer deserializer;
    private final StepListener listener;
    private final String configHash;
    private final String codeVersion;
    private final Map<String, ModelSlot> slots = new HashMap<>();
    private final PredictionWriter writer;
    private ProcessorContext<String, OutputRecord> context;
    private ModelStateStore store;

    TrainerProcessor(ModelConfig config, Codecs codecs, EventDeserializer deserializer, StepListener listener,
                     String configHash, String codeVersion) {
        this.config = config;
        this.kafka = config.kafka();
        this.codecs = codecs;
        this.deserializer = deserializer;
        this.listener = listener;
        this.configHash = configHash;
        this.codeVersion = codeVersion;
        this.writer = new PredictionWriter(config);
    }

    @Override
    public void init(ProcessorContext<String, OutputRecord> processorContext) {
        this.context = processorContext;
        KeyValueStore<String, byte[]> kv = processorContext.getStateStore(kafka.stateStore());
        this.store = new ModelStateStore(kv);
        for (Map.Entry<String, ModelStateStore.Stored> entry : store.readAll().entrySet()) {
            ModelSlot slot = slot(entry.getKey());
            if (entry.getValue().state() != null) {
                slot.learner().restore(entry.getValue().state());
            }
            entry.getValue().pendingBlocks().values().forEach(block -> slot.restoreBlock(block, deserializer));
        }
        if (kafka.predictionFlushMillis() > 0) {
            processorContext.schedule(Duration.ofMillis(kafka.predictionFlushMillis()), PunctuationType.WALL_CLOCK_TIME,
                    now -> flushPredictions());
        }
        if (kafka.snapshotEverySeconds() > 0) {
            processorContext.schedule(Duration.ofSeconds(kafka.snapshotEverySeconds()), PunctuationType.WALL_CLOCK_TIME,
                    now -> slots.values().forEach(this::publishSnapshotIfNew));
        }
    }

    private ModelSlot slot(String model) {
        return slots.computeIfAbsent(model, m -> new ModelSlot(m, config));
    }

    @Override
    public void process(Record<String, DecodedEvent> record) {
        DecodedEvent event = record.value();
        ModelSlot slot = slot(event.event().getModel());
        int block = slot.add(new PendingRow(event, record.timestamp(), false));
        if (slot.batchReady()) {
            learn(slot);
        } else {
            store.putPendingBlock(slot.model(), block, slot.encodeBlock(block));
        }
    }

    private void learn(ModelSlot slot) {
        List<PendingRow> rows = slot.pending();
        BatchPredictions predictions = slot.learner().predictThenLearn(slot.batch());
        long now = context.currentSystemTimeMs();
        for (int r = 0; r < rows.size(); r++) {
            if (!rows.get(r).emitted()) {
                emitPrediction(rows.get(r), predictions, r, now);
            }
        }
        int events = rows.size();
        store.deletePendingBlocks(slot.model(), 0, slot.blocks());
        slot.clearPending();
        store.putState(slot.model(), slot.learner().snapshot());
        long version = slot.learner().counters().applied();
        if (slot.learner().lastOutcome().applied() && kafka.snapshotEverySteps() > 0
                && version % kafka.snapshotEverySteps() == 0) {
            publishSnapshot(slot);
        }
        listener.onBatch(slot.model(), slot.learner(), events);
    }

    /** Predicts pending events whose prediction has not gone out, with the model as of the last step. */
    private void flushPredictions() {
        long now = context.currentSystemTimeMs();
        for (ModelSlot slot : slots.values()) {
            List<PendingRow> rows = slot.pending();
            if (rows.stream().allMatch(PendingRow::emitted)) {
                continue;
            }
            BatchPredictions predictions = slot.learner().predict(slot.batch());
            boolean[] touched = new boolean[slot.blocks()];
            for (int r = 0; r < rows.size(); r++) {
                if (!rows.get(r).emitted()) {
                    emitPrediction(rows.get(r), predictions, r, now);
                    slot.markEmitted(r);
                    touched[r / ModelSlot.BLOCK_ROWS] = true;
                }
            }
            for (int b = 0; b < touched.length; b++) {
                if (touched[b]) {
                    store.putPendingBlock(slot.model(), b, slot.encodeBlock(b));
                }
            }
        }
    }

    private void emitPrediction(PendingRow row, BatchPredictions predictions, int r, long now) {
        byte[] value = codecs.predictions().encode(writer.write(row.event().event(), predictions, r, now));
        context.forward(new Record<>(row.event().event().getId(), new OutputRecord(kafka.predictionsTopic(), value),
                row.timestamp()));
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
                    .setState(ByteBuffer.wrap(Arrays.copyOfRange(state, i * chunk, Math.min(state.length, (i + 1) * chunk))))
                    .setConfigHash(configHash)
                    .setCodeVersion(codeVersion)
                    .setCreatedAt(Instant.ofEpochMilli(now))
                    .build();
            context.forward(new Record<>(slot.model() + "/" + i,
                    new OutputRecord(kafka.snapshotsTopic(), codecs.snapshots().encode(snapshot)), now));
        }
    }
}
