package io.streammtl.stream;

import io.streammtl.config.ModelConfig;
import io.streammtl.learn.Example;
import io.streammtl.learn.ExampleBatch;
import io.streammtl.learn.OnlineLearner;
import io.streammtl.model.CpuBackend;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One model owned by the trainer: its learner and the events received since its last step. A batch closes
 * when B events carry labels, or when 2B events are pending in all (so predict-only traffic still flows).
 */
final class ModelSlot {
    // Each new event rewrites its block in the store; small blocks keep that copy short.
    static final int BLOCK_ROWS = 16;

    private final String model;
    private final OnlineLearner learner;
    private final ExampleBatch batch;
    private final int batchSize;
    private final List<PendingRow> pending = new ArrayList<>();
    private int labeledPending;
    private long publishedVersion = -1;

    ModelSlot(String model, ModelConfig config) {
        this.model = model;
        this.batchSize = config.training().batchSize();
        int capacity = 2 * batchSize;
        this.learner = new OnlineLearner(config, new CpuBackend(config, capacity));
        this.batch = new ExampleBatch(capacity, config.inputWidth(), config.tasks().size());
    }

    String model() {
        return model;
    }

    OnlineLearner learner() {
        return learner;
    }

    List<PendingRow> pending() {
        return pending;
    }

    /** Adds an event; returns the index of the block that changed. */
    int add(PendingRow row) {
        pending.add(row);
        if (row.event().example().hasAnyLabel()) {
            labeledPending++;
        }
        return (pending.size() - 1) / BLOCK_ROWS;
    }

    boolean batchReady() {
        return labeledPending == batchSize || pending.size() == batch.capacity();
    }

    int blocks() {
        return (pending.size() + BLOCK_ROWS - 1) / BLOCK_ROWS;
    }

    /** The pending events as a batch, in arrival order. */
    ExampleBatch batch() {
        batch.clear();
        for (PendingRow row : pending) {
            Example example = row.event().example();
            int r = batch.add(example.inputs());
            for (int t = 0; t < example.labels().length; t++) {
                if (example.labeled()[t]) {
                    batch.label(r, t, example.labels()[t]);
                }
            }
        }
        return batch;
    }

    /** Version of the last snapshot published from this process (not persisted: time-based snapshots only). */
    long publishedVersion() {
        return publishedVersion;
    }

    void published(long version) {
        publishedVersion = version;
    }

    void clearPending() {
        pending.clear();
        labeledPending = 0;
    }

    void markEmitted(int index) {
        pending.set(index, pending.get(index).markEmitted());
    }

    byte[] encodeBlock(int block) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            int from = block * BLOCK_ROWS;
            int to = Math.min(pending.size(), from + BLOCK_ROWS);
            out.writeInt(to - from);
            for (int i = from; i < to; i++) {
                PendingRow row = pending.get(i);
                out.writeBoolean(row.emitted());
                out.writeLong(row.timestamp());
                out.writeInt(row.event().bytes().length);
                out.write(row.event().bytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Re-adds the rows of a stored block (validated when they first arrived, so decoding cannot fail). */
    void restoreBlock(byte[] block, EventDeserializer deserializer) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(block))) {
            int rows = in.readInt();
            for (int i = 0; i < rows; i++) {
                boolean emitted = in.readBoolean();
                long timestamp = in.readLong();
                byte[] bytes = in.readNBytes(in.readInt());
                add(new PendingRow(deserializer.deserialize(null, bytes), timestamp, emitted));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
