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
 * The layout of the trainer's changelogged store: per model, its learner state split into chunks that stay
 * well below Kafka's 1 MiB default message size, and its pending (not yet learned) events in blocks. Keys are
 * {@code kind|index|model}, the model last so that it may contain any character.
 */
final class ModelStateStore {
    static final int CHUNK_BYTES = 512 * 1024;
    private static final String STATE = "state";
    private static final String CHUNKS = "chunks";
    private static final String PENDING = "pending";

    private final KeyValueStore<String, byte[]> store;
    private final Map<String, Integer> chunkCounts = new HashMap<>();

    ModelStateStore(KeyValueStore<String, byte[]> store) {
        this.store = store;
    }

    private static String key(String kind, int index, String model) {
        return kind + "|" + index + "|" + model;
    }

    void putState(String model, byte[] state) {
        int chunks = Math.max(1, (state.length + CHUNK_BYTES - 1) / CHUNK_BYTES);
        Integer previousChunks = chunkCounts.get(model);
        if (previousChunks == null) {
            byte[] stored = store.get(key(CHUNKS, 0, model));
            previousChunks = stored == null ? 0 : ByteBuffer.wrap(stored).getInt();
        }
        for (int i = 0; i < chunks; i++) {
            int from = i * CHUNK_BYTES;
            store.put(key(STATE, i, model), chunks == 1 ? state
                    : Arrays.copyOfRange(state, from, Math.min(state.length, from + CHUNK_BYTES)));
        }
        for (int i = chunks; i < previousChunks; i++) {
            store.delete(key(STATE, i, model));
        }
        if (previousChunks != chunks) {
            store.put(key(CHUNKS, 0, model), ByteBuffer.allocate(4).putInt(chunks).array());
            chunkCounts.put(model, chunks);
        }
    }

    void putPendingBlock(String model, int block, byte[] rows) {
        store.put(key(PENDING, block, model), rows);
    }

    void deletePendingBlocks(String model, int from, int to) {
        for (int block = from; block < to; block++) {
            store.delete(key(PENDING, block, model));
        }
    }

    /** What the store holds for one model after a restore. */
    record Stored(byte[] state, TreeMap<Integer, byte[]> pendingBlocks) {
    }

    /** Reads every model's state and pending blocks. */
    Map<String, Stored> readAll() {
        Map<String, Integer> chunkCounts = new HashMap<>();
        Map<String, TreeMap<Integer, byte[]>> chunks = new HashMap<>();
        Map<String, TreeMap<Integer, byte[]>> pending = new HashMap<>();
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> entry = all.next();
                String[] parts = entry.key.split("\\|", 3);
                int index = Integer.parseInt(parts[1]);
                switch (parts[0]) {
                    case CHUNKS -> chunkCounts.put(parts[2], ByteBuffer.wrap(entry.value).getInt());
                    case STATE -> chunks.computeIfAbsent(parts[2], m -> new TreeMap<>()).put(index, entry.value);
                    case PENDING -> pending.computeIfAbsent(parts[2], m -> new TreeMap<>()).put(index, entry.value);
                    default -> throw new IllegalStateException("unexpected key in the model store: " + entry.key);
                }
            }
        }
        Map<String, Stored> out = new HashMap<>();
        java.util.Set<String> models = new java.util.HashSet<>(chunkCounts.keySet());
        models.addAll(pending.keySet());
        for (String model : models) {
            byte[] state = null;
            Integer count = chunkCounts.get(model);
            if (count != null) {
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
            out.put(model, new Stored(state, pending.getOrDefault(model, new TreeMap<>())));
        }
        return out;
    }
}
