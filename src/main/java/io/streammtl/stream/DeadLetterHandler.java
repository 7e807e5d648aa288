package io.streammtl.stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Kafka Streams' error handlers (KIP-1034) for this service: a record that cannot be decoded or validated,
 * or whose processing failed, goes to the dead-letter topic with its original bytes and a reason header, is
 * counted by reason, and processing resumes.
 */
public final class DeadLetterHandler implements DeserializationExceptionHandler, ProcessingExceptionHandler {
    /** Config key under which the service passes its {@link DeadLetterCounts} instance. */
    public static final String COUNTS_CONFIG = "streammtl.dead.letter.counts";
    public static final String REASON_HEADER = "streammtl.reason";
    public static final String DETAIL_HEADER = "streammtl.detail";
    public static final String SOURCE_HEADER = "streammtl.source";

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterHandler.class);

    private String topic;
    private DeadLetterCounts counts;

    @Override
    public void configure(Map<String, ?> configs) {
        topic = (String) configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        if (topic == null) {
            throw new IllegalStateException(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG + " is not set");
        }
        Object shared = configs.get(COUNTS_CONFIG);
        counts = shared instanceof DeadLetterCounts c ? c : new DeadLetterCounts();
    }

    @Override
    public DeserializationExceptionHandler.Response handleError(ErrorHandlerContext context,
                                                                ConsumerRecord<byte[], byte[]> record,
                                                                Exception exception) {
        return DeserializationExceptionHandler.Response.resume(
                List.of(deadLetter(context, record.key(), record.value(), exception)));
    }

    @Override
    public ProcessingExceptionHandler.Response handleError(ErrorHandlerContext context, Record<?, ?> record,
                                                           Exception exception) {
        return ProcessingExceptionHandler.Response.resume(
                List.of(deadLetter(context, context.sourceRawKey(), context.sourceRawValue(), exception)));
    }

    private ProducerRecord<byte[], byte[]> deadLetter(ErrorHandlerContext context, byte[] key, byte[] value,
                                                      Exception exception) {
        DeadLetterReason reason = exception instanceof InvalidEventException invalid ? invalid.reason()
                : DeadLetterReason.PROCESSING_ERROR;
        counts.increment(reason);
        String detail = String.valueOf(exception.getMessage());
        String source = context.topic() + "-" + context.partition() + "@" + context.offset();
        if (reason == DeadLetterReason.PROCESSING_ERROR) {
            LOG.error("record {} failed in processing; sent to {}", source, topic, exception);
        } else {
            LOG.debug("record {} dead-lettered: {}", source, detail);
        }
        RecordHeaders headers = new RecordHeaders();
        headers.add(REASON_HEADER, reason.code().getBytes(StandardCharsets.UTF_8));
        headers.add(DETAIL_HEADER, detail.getBytes(StandardCharsets.UTF_8));
        headers.add(SOURCE_HEADER, source.getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(topic, null, key, value, headers);
    }
}
