package io.streammtl.stream;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The layout of the trainer's changelogged store. Per model: its learner state in chunks that stay well below
 * Kafka's 1 MiB default message size, a meta entry (chunk count and the number of batches closed), and one
 * pending entry per event of the open batch. A pending entry belongs to the open batch only if it carries that
 * batch's number, so entries are overwritten, never deleted, and the changelog gets at most one record per entry
 * and commit; and the prequential metrics (the learner's, and those of the predictions served when their labels
 * came later), saved at most every few seconds. Keys are {@code kind|index|model}, the model last so that it may contain any character.
 */
final class ModelStateStore {
    static final int CHUNK_BYTES = 512 * 1024;
    private static final String STATE = "state";
    private static final String META = "meta";
    /** Named "slot" in stores written before the rename; the key stays so that existing changelogs restore. */
    private static final String PENDING = "slot";
    private static final String METRICS = "metrics";
    private static final String SERVED_METRICS = "served";
    /** Pending-entry kind of a joined example (0 and 1: an event whose prediction has not / has gone out). */
    private static final byte JOINED = 2;

    private final KeyValueStore<String, byte[]> store;
    private final Map<String, Integer> chunkCounts = new HashMap<>();

    ModelStateStore(KeyValueStore<String, byte[]> store) {
        this.store = store;
    }

    private static String key(String kind, int index, String model) {
        return kind + "|" + index + "|" + model;
    }

    /** Saves the learner state after batch number {@code batches} closed. */
    void putState(String model, byte[] state, long batches) {
        int chunks = Math.max(1, (state.length + CHUNK_BYTES - 1) / CHUNK_BYTES);
        for (int i = 0; i < chunks; i++) {
            int from = i * CHUNK_BYTES;
            store.put(key(STATE, i, model), chunks == 1 ? state
                    : Arrays.copyOfRange(state, from, Math.min(state.length, from + CHUNK_BYTES)));
        }
        Integer previous = chunkCounts.put(model, chunks);
        for (int i = chunks; previous != null && i < previous; i++) {
            store.delete(key(STATE, i, model));
        }
        store.put(key(META, 0, model), ByteBuffer.allocate(12).putInt(chunks).putLong(batches).array());
    }

    /** Saves the learner's prequential metrics (kept apart from the model, and written less often). */
    void putMetrics(String model, byte[] metrics) {
        store.put(key(METRICS, 0, model), metrics);
    }

    /** Saves the windowed quality of the predictions served, scored when their labels came later. */
    void putServedMetrics(String model, byte[] metrics) {
        store.put(key(SERVED_METRICS, 0, model), metrics);
    }

    /** Saves the pending entry {@code index} of the open batch (number {@code batch}). */
    void putPendingEntry(String model, int index, long batch, PendingRow row) {
        byte[] bytes = row.event().bytes();
        ByteBuffer value = ByteBuffer.allocate(8 + 1 + 8 + bytes.length);
        byte kind = row.joined() != null ? JOINED : row.emitted() ? (byte) 1 : 0;
        value.putLong(batch).put(kind).putLong(row.timestamp()).put(bytes);
        store.put(key(PENDING, index, model), value.array());
    }

    /**
     * One stored row of an open batch: the raw event (or, when {@code joined}, the joined example's record) and what
     * the trainer knew about it.
     */
    record PendingEntry(long batch, boolean emitted, boolean joined, long timestamp, byte[] event) {
    }

    /** What the store holds for one model after a restore. */
    record Stored(byte[] state, long batches, TreeMap<Integer, PendingEntry> pending, byte[] metrics,
                  byte[] servedMetrics) {
        /** The pending entries of the open batch, in order. */
        java.util.List<PendingEntry> openBatch() {
            java.util.List<PendingEntry> out = new java.util.ArrayList<>();
            for (int i = 0; pending.containsKey(i) && pending.get(i).batch() == batches; i++) {
                out.add(pending.get(i));
            }
            return out;
        }
    }

    /** Reads every model's state and pending entries. */
    Map<String, Stored> readAll() {
        Map<String, ByteBuffer> meta = new HashMap<>();
        Map<String, TreeMap<Integer, byte[]>> chunks = new HashMap<>();
        Map<String, TreeMap<Integer, PendingEntry>> pending = new HashMap<>();
        Map<String, byte[]> metrics = new HashMap<>();
        Map<String, byte[]> servedMetrics = new HashMap<>();
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> entry = all.next();
                String[] parts = entry.key.split("\\|", 3);
                int index = Integer.parseInt(parts[1]);
                switch (parts[0]) {
                    case META -> meta.put(parts[2], ByteBuffer.wrap(entry.value));
                    case STATE -> chunks.computeIfAbsent(parts[2], m -> new TreeMap<>()).put(index, entry.value);
                    case METRICS -> metrics.put(parts[2], entry.value);
                    case SERVED_METRICS -> servedMetrics.put(parts[2], entry.value);
                    case PENDING -> {
                        ByteBuffer v = ByteBuffer.wrap(entry.value);
                        long batch = v.getLong();
                        byte kind = v.get();
                        long timestamp = v.getLong();
                        byte[] event = Arrays.copyOfRange(entry.value, v.position(), entry.value.length);
                        pending.computeIfAbsent(parts[2], m -> new TreeMap<>()).put(index,
                                new PendingEntry(batch, kind != 0, kind == JOINED, timestamp, event));
                    }
                    default -> throw new IllegalStateException("unexpected key in the model store: " + entry.key);
                }
            }
        }
        Map<String, Stored> out = new HashMap<>();
        java.util.Set<String> models = new java.util.HashSet<>(meta.keySet());
        models.addAll(pending.keySet());
        for (String model : models) {
            byte[] state = null;
            long batches = 0;
            ByteBuffer m = meta.get(model);
            if (m != null) {
                int count = m.getInt();
                batches = m.getLong();
                chunkCounts.put(model, count);
                ByteArrayOutputStream joined = new ByteArrayOutputStream();
                TreeMap<Integer, byte[]> parts = chunks.getOrDefault(model, new TreeMap<>());
                for (int i = 0; i < count; i++) {
                    byte[] part = parts.get(i);
                    if (part == null) {
                        throw new IllegalStateException("model '" + model + "' is missing state chunk " + i + " of " + count);
                    }
                    joined.writeBytes(part);
                }
                state = joined.toByteArray();
            }
            out.put(model, new Stored(state, batches, pending.getOrDefault(model, new TreeMap<>()), metrics.get(model),
                    servedMetrics.get(model)));
        }
        return out;
    }
}
