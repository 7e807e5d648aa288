package io.streammtl.stream;

import io.streammtl.avro.LabeledEvent;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

import java.nio.charset.StandardCharsets;

/**
 * Decodes and validates each raw input record before the model sees it. A bad record is passed on with a
 * reason header, its original bytes and the source position, to be routed to the dead-letter topic; it is
 * counted by reason.
 */
final class ValidationProcessor implements FixedKeyProcessor<byte[], byte[], Validated> {
    private final AvroCodec<LabeledEvent> codec;
    private final EventValidator validator;
    private final DeadLetterCounts counts;
    private FixedKeyProcessorContext<byte[], Validated> context;

    ValidationProcessor(AvroCodec<LabeledEvent> codec, EventValidator validator, DeadLetterCounts counts) {
        this.codec = codec;
        this.validator = validator;
        this.counts = counts;
    }

    @Override
    public void init(FixedKeyProcessorContext<byte[], Validated> processorContext) {
        this.context = processorContext;
    }

    @Override
    public void process(FixedKeyRecord<byte[], byte[]> record) {
        byte[] bytes = record.value();
        try {
            LabeledEvent event = codec.decode(bytes);
            context.forward(record.withValue(Validated.valid(new DecodedEvent(event, validator.toExample(event), bytes))));
        } catch (InvalidEventException e) {
            counts.increment(e.reason());
            FixedKeyRecord<byte[], Validated> out = record.withValue(Validated.invalid(bytes));
            out.headers().add(DeadLetterHandler.REASON_HEADER, e.reason().code().getBytes(StandardCharsets.UTF_8));
            out.headers().add(DeadLetterHandler.DETAIL_HEADER, e.getMessage().getBytes(StandardCharsets.UTF_8));
            context.recordMetadata().ifPresent(m -> out.headers().add(DeadLetterHandler.SOURCE_HEADER,
                    (m.topic() + "-" + m.partition() + "@" + m.offset()).getBytes(StandardCharsets.UTF_8)));
            context.forward(out);
        }
    }
}
