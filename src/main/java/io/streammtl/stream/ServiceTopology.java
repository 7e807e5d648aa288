package io.streammtl.stream;

import io.streammtl.config.KafkaConfig;
import io.streammtl.config.ModelSpecHash;
import io.streammtl.config.ServiceConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
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
            events = events.selectKey((key, value) -> modelKey(codecs, key, value), Named.as("key-by-model"))
                    .repartition(Repartitioned.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(BY_MODEL));
        }
        String hash = ModelSpecHash.of(config.model());
        Serde<OutputRecord> outputSerde = Serdes.serdeFrom((topic, out) -> out.value(), (topic, bytes) -> {
            throw new UnsupportedOperationException("outputs are never read back");
        });
        events.process(() -> new TrainerProcessor(config, codecs, counts, listener, hash, codeVersion),
                        Named.as("trainer"), kafka.stateStore(), hook)
                .to((key, out, context) -> out.topic(), Produced.with(Serdes.ByteArray(), outputSerde).withName("outputs"));
        return builder.build();
    }

    /** The event's model key; an undecodable record keeps its key and is dead-lettered by the trainer. */
    private static byte[] modelKey(Codecs codecs, byte[] key, byte[] value) {
        try {
            return codecs.events().decode(value).getModel().getBytes(StandardCharsets.UTF_8);
        } catch (InvalidEventException e) {
            return key;
        }
    }
}
