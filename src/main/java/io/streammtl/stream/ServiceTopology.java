package io.streammtl.stream;

import io.streammtl.config.KafkaConfig;
import io.streammtl.config.ModelSpecHash;
import io.streammtl.config.ServiceConfig;
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
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Builds the service's topology, the one function that both {@code serve} and the tests call: raw input records,
 * routed by model key (repartitioned only when the input is not keyed that way), into the trainer, which
 * validates them and writes predictions, snapshots and dead letters. Exceptions the trainer does not expect
 * reach {@link DeadLetterHandler} (KIP-1034) and are dead-lettered too.
 */
public final class ServiceTopology {
    /** Name of the repartition step used when the input is not keyed by model. */
    public static final String BY_MODEL = "events-by-model";
    /** Name of the trainer's processor; each output topic is a named sink below it (see {@link OutputSink}). */
    static final String TRAINER = "trainer";

    private ServiceTopology() {
    }

    public static Topology build(ServiceConfig config, Codecs codecs, DeadLetterCounts counts, StepListener listener,
                                 String codeVersion) {
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
        if (!kafka.keyedByModel()) {
            ModelKeyReader keys = new ModelKeyReader(codecs.events());
            events = events.selectKey((key, value) -> modelKey(keys, key, value), Named.as("key-by-model"))
                    .repartition(Repartitioned.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(BY_MODEL));
        }
        String hash = ModelSpecHash.of(config.model());
        events.process(() -> new TrainerProcessor(config, codecs, counts, listener, hash, codeVersion),
                Named.as(TRAINER), kafka.stateStore(), hook);
        Topology topology = builder.build();
        Serializer<OutputRecord> values = (topic, out) -> out.value();
        for (OutputSink sink : OutputSink.values()) {
            topology.addSink(sink.sinkName(), sink.topic(kafka), new ByteArraySerializer(), values, TRAINER);
        }
        return topology;
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
