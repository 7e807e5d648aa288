package io.streammtl.stream;

import io.streammtl.config.KafkaConfig;
import io.streammtl.config.ModelConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Builds the service's topology, the one function that both {@code serve} and the tests call: raw input records
 * are decoded and validated (bad ones go to the dead-letter topic with a reason header), routed by model key to
 * the trainer, whose outputs go to the predictions and snapshots topics. Exceptions the processors do not
 * expect reach {@link DeadLetterHandler} (KIP-1034) and are dead-lettered too.
 */
public final class ServiceTopology {
    /** Name of the repartition step used when the input is not keyed by model. */
    public static final String BY_MODEL = "events-by-model";

    private ServiceTopology() {
    }

    public static Topology build(ModelConfig config, Codecs codecs, DeadLetterCounts counts, StepListener listener,
                                 String codeVersion) {
        KafkaConfig kafka = config.kafka();
        EventValidator validator = new EventValidator(config);
        EventDeserializer deserializer = new EventDeserializer(codecs.events(), validator);
        Serde<DecodedEvent> eventSerde = Serdes.serdeFrom((topic, event) -> event.bytes(), deserializer);
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(kafka.stateStore()),
                Serdes.String(), Serdes.ByteArray()).withCachingEnabled().withLoggingEnabled(Map.of()));
        Consumed<byte[], byte[]> consumed = Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("events");
        KStream<byte[], byte[]> raw = kafka.inputPattern() != null
                ? builder.stream(Pattern.compile(kafka.inputPattern()), consumed)
                : builder.stream(kafka.inputTopics(), consumed);
        Map<String, KStream<byte[], Validated>> checked = raw
                .processValues(() -> new ValidationProcessor(codecs.events(), validator, counts), Named.as("validate"))
                .split(Named.as("check-"))
                .branch((key, v) -> v.isValid(), Branched.as("valid"))
                .defaultBranch(Branched.as("invalid"));
        checked.get("check-invalid")
                .mapValues(Validated::bytes, Named.as("original-bytes"))
                .to(kafka.deadLetterTopic(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("dead-letters"));
        // The model key is in the event; with input keyed by model this re-keying moves nothing.
        KStream<String, DecodedEvent> events = checked.get("check-valid")
                .map((key, v) -> KeyValue.pair(v.event().event().getModel(), v.event()), Named.as("key-by-model"));
        if (!kafka.keyedByModel()) {
            events = events.repartition(Repartitioned.with(Serdes.String(), eventSerde).withName(BY_MODEL));
        }
        String hash = configHash(config);
        Serde<OutputRecord> outputSerde = Serdes.serdeFrom((topic, out) -> out.value(), (topic, bytes) -> {
            throw new UnsupportedOperationException("outputs are never read back");
        });
        events.process(() -> new TrainerProcessor(config, codecs, deserializer, listener, hash, codeVersion),
                        Named.as("trainer"), kafka.stateStore())
                .to((key, out, context) -> out.topic(), Produced.with(Serdes.String(), outputSerde).withName("outputs"));
        return builder.build();
    }

    /** SHA-256 of the validated spec, recorded in every snapshot's provenance. */
    static String configHash(ModelConfig config) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(config.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
