package io.streammtl.stream;

import io.streammtl.avro.ModelSnapshot;
import io.streammtl.config.ModelConfig;
import io.streammtl.config.ModelSpecHash;
import io.streammtl.learn.OnlineLearner;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest published model of every key, on every instance: a global store over the compacted snapshots topic
 * (the model broadcast) whose processor reassembles each version's chunks and restores a learner from them. Which
 * version answers a request depends on when the snapshot reached this instance (the global thread is not in step
 * with the stream threads). A key with no published model yet is answered by the seeded version-0 model, which the
 * spec alone determines. Snapshots of another spec (another hash) are ignored.
 */
public final class ModelBroadcast {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ModelBroadcast.class);
    /** Name of the global store. */
    public static final String STORE = "model-broadcast";

    private final ModelConfig config;
    private final String specHash;
    private final Codecs codecs;
    private final Map<String, LiveModel> models = new ConcurrentHashMap<>();
    private volatile ServingListener listener = ServingListener.NONE;

    /** A model as this instance holds it: its version, when it was taken, and a learner that only predicts. */
    public static final class LiveModel {
        private final long version;
        private final long createdAt;
        private final OnlineLearner learner;

        LiveModel(long version, long createdAt, OnlineLearner learner) {
            this.version = version;
            this.createdAt = createdAt;
            this.learner = learner;
        }

        public long version() {
            return version;
        }

        /** Wall-clock time the snapshot was taken (epoch ms); 0 for the seeded version-0 model. */
        public long createdAt() {
            return createdAt;
        }

        /** The learner; not thread-safe: callers synchronise on this {@code LiveModel}. */
        public OnlineLearner learner() {
            return learner;
        }
    }

    public ModelBroadcast(ModelConfig config, Codecs codecs) {
        this.config = config;
        this.specHash = ModelSpecHash.of(config);
        this.codecs = codecs;
    }

    /** Reports arrivals to {@code listener} from now on. */
    public void listen(ServingListener servingListener) {
        this.listener = servingListener;
    }

    /** The latest model of {@code key} on this instance, or a fresh seeded version-0 model when none arrived yet. */
    public LiveModel model(String key) {
        LiveModel model = models.get(key);
        return model != null ? model : models.computeIfAbsent(key,
                k -> new LiveModel(0, 0, new OnlineLearner(config)));
    }

    /** Tells the listener that {@code model} of {@code key} predicted an event of the prediction stage at {@code now}. */
    void predicted(String key, LiveModel model, long now) {
        long age = model.createdAt() > 0 ? Math.max(0, now - model.createdAt()) : -1;
        listener.onStagePrediction(key, model.version(), age);
    }

    /** The latest version of {@code key} on this instance, or -1 when none arrived. */
    public long version(String key) {
        LiveModel model = models.get(key);
        return model == null || model.createdAt() == 0 ? -1 : model.version();
    }

    /** Adds the global store over {@code snapshotsTopic} to {@code builder}. */
    void addTo(StreamsBuilder builder, String snapshotsTopic) {
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE), Serdes.ByteArray(),
                        Serdes.ByteArray()).withLoggingDisabled(),
                snapshotsTopic, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("model-snapshots"),
                () -> new Feed());
    }

    /** Keeps each chunk in the store and rebuilds a model once all chunks of one version are there. */
    private final class Feed implements Processor<byte[], byte[], Void, Void> {
        private KeyValueStore<byte[], byte[]> store;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore(STORE);
            Map<String, Map<Integer, ModelSnapshot>> chunks = new HashMap<>();
            try (KeyValueIterator<byte[], byte[]> all = store.all()) {
                while (all.hasNext()) {
                    KeyValue<byte[], byte[]> entry = all.next();
                    ModelSnapshot chunk = decode(entry.value);
                    if (chunk != null) {
                        chunks.computeIfAbsent(chunk.getModel(), m -> new HashMap<>()).put(chunk.getChunk(), chunk);
                    }
                }
            }
            chunks.forEach((model, parts) -> parts.values().stream().findFirst().ifPresent(c -> rebuild(c)));
        }

        @Override
        public void process(Record<byte[], byte[]> record) {
            if (record.value() == null) {
                store.delete(record.key());
                return;
            }
            store.put(record.key(), record.value());
            listener.onBroadcastBytes(record.value().length);
            ModelSnapshot chunk = decode(record.value());
            if (chunk != null) {
                rebuild(chunk);
            }
        }

        /**
         * Restores the snapshot of {@code chunk} if every chunk of it is in the store and it was taken after the one
         * held: newer by the time it was taken, not by version, since a version can go down — a challenger promoted
         * under {@code auto:} with fewer steps, or a model started afresh by {@code serve --reset-model}.
         */
        private void rebuild(ModelSnapshot chunk) {
            String model = chunk.getModel();
            LiveModel current = models.get(model);
            long takenAt = chunk.getCreatedAt().toEpochMilli();
            if (current != null && current.createdAt() != 0 && (current.createdAt() > takenAt
                    || current.createdAt() == takenAt && current.version() >= chunk.getVersion())) {
                return;
            }
            if (!specHash.equals(chunk.getConfigHash())) {
                LOG.warn("model {}: snapshot version {} was made with another spec; not served", model,
                        chunk.getVersion());
                return;
            }
            java.io.ByteArrayOutputStream state = new java.io.ByteArrayOutputStream();
            for (int i = 0; i < chunk.getChunks(); i++) {
                byte[] bytes = store.get((model + "/" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                ModelSnapshot part = bytes == null ? null : decode(bytes);
                if (part == null || part.getVersion() != chunk.getVersion()
                        || part.getCreatedAt().toEpochMilli() != takenAt) {
                    return; // the rest of this snapshot has not arrived yet
                }
                ByteBuffer piece = part.getState().duplicate();
                byte[] copy = new byte[piece.remaining()];
                piece.get(copy);
                state.writeBytes(copy);
            }
            OnlineLearner learner = new OnlineLearner(config);
            try {
                learner.restore(state.toByteArray());
            } catch (IllegalArgumentException e) {
                LOG.warn("model {}: snapshot version {} cannot be restored: {}", model, chunk.getVersion(),
                        e.getMessage());
                return;
            }
            models.put(model, new LiveModel(chunk.getVersion(), chunk.getCreatedAt().toEpochMilli(), learner));
            listener.onModel(model, chunk.getVersion(), chunk.getCreatedAt().toEpochMilli());
        }

        private ModelSnapshot decode(byte[] bytes) {
            try {
                return codecs.snapshots().decode(bytes);
            } catch (InvalidEventException e) {
                LOG.warn("a record on the snapshots topic is not a snapshot: {}", e.getMessage());
                return null;
            }
        }
    }
}
