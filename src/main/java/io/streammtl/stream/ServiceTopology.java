package io.streammtl.stream;

import io.streammtl.config.KafkaConfig;
import io.streammtl.config.LabelsConfig;
import io.streammtl.config.ModelSpecHash;
import io.streammtl.config.ServiceConfig;
import io.streammtl.config.Stages;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Builds the service's topology, the one function that both {@code serve} and the tests call. With {@code kafka.stages:
 * single}, raw input records, routed by model key (repartitioned only when the input is not keyed that way), go into
 * the trainer, which validates them and writes predictions, snapshots and dead letters; with {@code split}, a
 * prediction stage on every input partition validates and predicts them from the model broadcast, and only the
 * labeled ones go on, repartitioned by model, to the trainer, which learns them and writes snapshots (then the model
 * broadcast, a global store of the latest snapshot of every model, is always there). With delayed labels, the label
 * join between the served events (of the trainer, or of the prediction stage) and the labels topic, whose joined
 * examples return to the trainer. Exceptions the trainer does not expect
 * reach {@link DeadLetterHandler} (KIP-1034) and are dead-lettered too.
 */
public final class ServiceTopology {
    /** Name of the repartition step used when the input is not keyed by model. */
    public static final String BY_MODEL = "events-by-model";
    /** Name of the trainer's processor; each output topic is a named sink below it (see {@link OutputSink}). */
    static final String TRAINER = "trainer";
    /** Name of the prediction stage's processor ({@code kafka.stages: split}). */
    static final String PREDICT = "predict";
    /** The prediction stage's child that takes labeled events on to the learning stage. */
    static final String LABELED = "labeled";
    /** Repartition step that routes labeled events by model to the learning stage. */
    public static final String LABELED_BY_MODEL = "labeled-by-model";
    /** The predicting processor's child that takes served events on to the label join. */
    static final String SERVED = "served";
    /** Name of the label join's processor. */
    static final String JOIN = "label-join";
    /** The label join's sink of joined examples, on their way back to the trainer. */
    static final String JOINED_SINK = "joined-sink";
    /** Repartition steps that co-partition served events and labels by (model, event id). */
    public static final String SERVED_BY_ID = "served-by-id";
    public static final String LABELS_BY_ID = "labels-by-id";

    private ServiceTopology() {
    }

    public static Topology build(ServiceConfig config, Codecs codecs, DeadLetterCounts counts, StepListener listener,
                                 String codeVersion) {
        return build(config, codecs, counts, listener, JoinListener.NONE, codeVersion);
    }

    public static Topology build(ServiceConfig config, Codecs codecs, DeadLetterCounts counts, StepListener listener,
                                 JoinListener joinListener, String codeVersion) {
        return build(config, codecs, counts, listener, joinListener, null, codeVersion);
    }

    /**
     * The topology; with a {@code broadcast}, every instance also keeps the latest published model of each key in a
     * global store over the snapshots topic (what {@code POST /predict} answers from).
     */
    public static Topology build(ServiceConfig config, Codecs codecs, DeadLetterCounts counts, StepListener listener,
                                 JoinListener joinListener, ModelBroadcast broadcast, String codeVersion) {
        KafkaConfig kafka = config.kafka();
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(kafka.stateStore()),
                Serdes.String(), Serdes.ByteArray()).withCachingEnabled().withLoggingEnabled(Map.of()));
        String hook = CommitHookStore.nameFor(kafka.stateStore());
        builder.addStateStore(CommitHookStore.builder(hook));
        Consumed<byte[], byte[]> consumed = Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("events");
        KStream<byte[], byte[]> events = kafka.inputPattern() != null
                ? builder.stream(Pattern.compile(kafka.inputPattern()), consumed)
                : builder.stream(kafka.inputTopics(), consumed);
        boolean split = kafka.stages() == Stages.SPLIT;
        ModelBroadcast models = split && broadcast == null ? new ModelBroadcast(config.model(), codecs) : broadcast;
        KStream<byte[], OutputRecord> predicted = null;
        if (split) {
            predicted = events.process(() -> new PredictionProcessor(config, codecs, counts, listener, models),
                    Named.as(PREDICT));
            events = predicted.mapValues(OutputRecord::value, Named.as(LABELED))
                    .repartition(Repartitioned.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(LABELED_BY_MODEL));
        } else if (!kafka.keyedByModel()) {
            ModelKeyReader keys = new ModelKeyReader(codecs.events());
            events = events.selectKey((key, value) -> modelKey(keys, key, value), Named.as("key-by-model"))
                    .repartition(Repartitioned.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(BY_MODEL));
        }
        if (models != null) {
            models.addTo(builder, kafka.snapshotsTopic());
        }
        LabelsConfig labels = config.labels();
        if (labels != null) {
            events = events.merge(builder.stream(labels.joinedTopic(), Consumed.with(Serdes.ByteArray(),
                    Serdes.ByteArray()).withName("joined")), Named.as("events-and-joined"));
        }
        String hash = ModelSpecHash.of(config.model());
        KStream<byte[], OutputRecord> trained = events.process(
                () -> new TrainerProcessor(config, codecs, counts, listener, hash, codeVersion),
                Named.as(TRAINER), kafka.stateStore(), hook);
        if (labels != null) {
            addJoin(builder, split ? predicted : trained, config, codecs, counts, joinListener);
        }
        Topology topology = builder.build();
        Serializer<OutputRecord> values = (topic, out) -> out.value();
        for (OutputSink sink : OutputSink.values()) {
            topology.addSink(sink.sinkName(), sink.topic(kafka), new ByteArraySerializer(), values,
                    parents(sink, labels != null));
        }
        if (split) {
            for (OutputSink sink : List.of(OutputSink.PREDICTIONS, OutputSink.DEAD_LETTERS)) {
                topology.addSink(sink.stageSinkName(), sink.topic(kafka), new ByteArraySerializer(), values, PREDICT);
            }
        }
        if (labels != null) {
            topology.addSink(JOINED_SINK, labels.joinedTopic(), new ByteArraySerializer(), values, JOIN);
        }
        return topology;
    }

    /**
     * The processors that write to {@code sink}: the trainer; with delayed labels, the label join too for dead
     * letters (the prediction stage of {@code split} has its own sinks: {@link OutputSink#stageSinkName()}).
     */
    private static String[] parents(OutputSink sink, boolean join) {
        List<String> parents = new ArrayList<>(List.of(TRAINER));
        if (join && sink == OutputSink.DEAD_LETTERS) {
            parents.add(JOIN);
        }
        return parents.toArray(String[]::new);
    }

    /**
     * The label join: served events from the trainer (the prediction stage with {@code kafka.stages: split}) and label records, both repartitioned by (model, event id)
     * into as many partitions as {@code labels.partitions} (or {@code kafka.partitions}), so that they meet in one
     * stream task; its store of pending events and their expiry index are changelogged RocksDB stores (TTLs of
     * days hold more than a heap should).
     */
    private static void addJoin(StreamsBuilder builder, KStream<byte[], OutputRecord> predicted, ServiceConfig config,
                                Codecs codecs, DeadLetterCounts counts, JoinListener joinListener) {
        LabelsConfig labels = config.labels();
        KafkaConfig kafka = config.kafka();
        int partitions = labels.partitions() > 0 ? labels.partitions() : kafka.partitions();
        KStream<byte[], byte[]> served = predicted.mapValues(OutputRecord::value, Named.as(SERVED))
                .repartition(Repartitioned.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(SERVED_BY_ID)
                        .withNumberOfPartitions(partitions));
        Consumed<byte[], byte[]> consumed = Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("labels");
        KStream<byte[], byte[]> raw = labels.pattern() != null
                ? builder.stream(Pattern.compile(labels.pattern()), consumed)
                : builder.stream(labels.topics(), consumed);
        LabelEventReader keys = new LabelEventReader(config.model(), codecs.labels());
        KStream<byte[], byte[]> byId = raw.selectKey((key, value) -> joinKey(keys, key, value),
                        Named.as("key-labels-by-id"))
                .repartition(Repartitioned.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(LABELS_BY_ID)
                        .withNumberOfPartitions(partitions));
        String pendingStore = kafka.stateStore() + "-label-join";
        String indexStore = kafka.stateStore() + "-label-expiry";
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(pendingStore),
                Serdes.Bytes(), Serdes.ByteArray()).withCachingDisabled().withLoggingEnabled(Map.of()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(indexStore),
                Serdes.Bytes(), Serdes.ByteArray()).withCachingDisabled().withLoggingEnabled(Map.of()));
        String hook = CommitHookStore.nameFor(pendingStore);
        builder.addStateStore(CommitHookStore.builder(hook));
        served.merge(byId, Named.as("served-and-labels")).process(
                () -> new LabelJoinProcessor(config, codecs, counts, joinListener, pendingStore, indexStore),
                Named.as(JOIN), pendingStore, indexStore, hook);
    }

    /** A label record's join key; one that cannot be read keeps its own key (or an empty one) and is dead-lettered. */
    private static byte[] joinKey(LabelEventReader keys, byte[] key, byte[] value) {
        byte[] joinKey = keys.joinKey(value);
        return joinKey != null ? joinKey : key != null ? key : new byte[0];
    }

    /**
     * The event's model key, read without decoding the rest of the event; a record whose key cannot be read keeps
     * its own and is dead-lettered by the trainer.
     */
    private static byte[] modelKey(ModelKeyReader keys, byte[] key, byte[] value) {
        try {
            return keys.read(value);
        } catch (InvalidEventException e) {
            return key;
        }
    }
}
