package io.streammtl.stream;

import io.streammtl.config.KafkaConfig;
import io.streammtl.config.ModelConfig;

/**
 * Reads raw input records into events the way every stage does: decoded and validated against the spec, then the
 * id's length and the model key checked; a record that fails is refused with the {@link InvalidEventException} that
 * dead-letters it.
 */
final class InputEvents {
    private final KafkaConfig kafka;
    private final EventValidator validator;
    private final LabeledEventReader reader;
    private final ModelAdmission admission;

    InputEvents(ModelConfig config, KafkaConfig kafka, Codecs codecs, ModelAdmission admission) {
        this.kafka = kafka;
        this.validator = new EventValidator(config);
        this.reader = new LabeledEventReader(config, codecs.events());
        this.admission = admission;
    }

    /** The event in {@code bytes}, decoded and validated only (an event stored after it was admitted). */
    DecodedEvent decode(byte[] bytes) {
        EventFields fields = reader.read(bytes);
        return new DecodedEvent(fields.id, fields.model, fields.eventTime, validator.toExample(fields), bytes);
    }

    /** The event in {@code bytes}, decoded, validated, its id and model key accepted. */
    DecodedEvent admit(byte[] bytes) {
        DecodedEvent event = decode(bytes);
        if (event.id().length > kafka.maxIdBytes()) {
            throw new InvalidEventException(DeadLetterReason.ID_TOO_LONG, "the event id has " + event.id().length
                    + " bytes; at most " + kafka.maxIdBytes() + " are accepted (kafka.max_id_bytes)");
        }
        String refusal = admission.admit(event.model());
        if (refusal != null) {
            throw new InvalidEventException(DeadLetterReason.UNKNOWN_MODEL, refusal);
        }
        return event;
    }
}
