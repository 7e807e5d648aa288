package io.streammtl.stream;

import io.streammtl.avro.LabeledEvent;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Decodes and validates input records at the source, so that everything bad reaches the deserialization
 * handler ({@link DeadLetterHandler}) before the model sees it.
 */
public final class EventDeserializer implements Deserializer<DecodedEvent> {
    private final AvroCodec<LabeledEvent> codec;
    private final EventValidator validator;

    public EventDeserializer(AvroCodec<LabeledEvent> codec, EventValidator validator) {
        this.codec = codec;
        this.validator = validator;
    }

    @Override
    public DecodedEvent deserialize(String topic, byte[] data) {
        LabeledEvent event = codec.decode(data);
        return new DecodedEvent(event, validator.toExample(event), data);
    }
}
