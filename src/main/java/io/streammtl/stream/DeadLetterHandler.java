package io.streammtl.stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/**
 * Kafka Streams' error handlers (KIP-1034) for this service: a record that cannot be decoded or validated, or whose
 * processing failed, goes to the dead-letter topic with its original bytes (bounded by {@link DeadLetterRecord}) and
 * a reason header, is counted by reason, and processing resumes. As the last line of defence, an output the producer
 * or broker refuses as too large is counted and dropped instead of failing the stream thread.
 */
public final class DeadLetterHandler implements DeserializationExceptionHandler, ProcessingExceptionHandler,
        ProductionExceptionHandler {
    /** Config key under which the service passes its {@link DeadLetterCounts} instance. */
    public static final String COUNTS_CONFIG = "streammtl.dead.letter.counts";
    /** Config key under which the service passes {@code kafka.max_record_bytes}. */
    public static final String MAX_RECORD_BYTES_CONFIG = "streammtl.max.record.bytes";
    public static final String REASON_HEADER = DeadLetterRecord.REASON_HEADER;
    public static final String DETAIL_HEADER = DeadLetterRecord.DETAIL_HEADER;
    public static final String SOURCE_HEADER = DeadLetterRecord.SOURCE_HEADER;

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterHandler.class);

    private String topic;
    private DeadLetterCounts counts;
    private int maxRecordBytes;

    @Override
    public void configure(Map<String, ?> configs) {
        topic = (String) configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        if (topic == null) {
            throw new IllegalStateException(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG + " is not set");
        }
        Object shared = configs.get(COUNTS_CONFIG);
        counts = shared instanceof DeadLetterCounts c ? c : new DeadLetterCounts();
        Object max = configs.get(MAX_RECORD_BYTES_CONFIG);
        maxRecordBytes = max == null ? io.streammtl.config.KafkaConfig.DEFAULT_MAX_RECORD_BYTES
                : Integer.parseInt(max.toString());
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

    /**
     * Counts an output the producer or broker refused as too large and resumes, without a dead letter of its own:
     * the callback runs on the producer's network thread, where a send to a topic whose metadata it does not hold yet
     * waits for that same thread until it times out (measured: 60 s, then the thread fails). Under exactly-once the
     * transaction is aborted anyway and the input processed again, which is why the service bounds its outputs before
     * writing them; this handler keeps an at-least-once service alive when a topic's limit is lowered while it runs.
     */
    @Override
    public ProductionExceptionHandler.Response handleError(ErrorHandlerContext context,
                                                           ProducerRecord<byte[], byte[]> record,
                                                           Exception exception) {
        if (!(exception instanceof RecordTooLargeException)) {
            return ProductionExceptionHandler.Response.fail();
        }
        counts.incrementRefused();
        LOG.warn("an output record for topic {} ({} bytes) was refused and is dropped: {} (keep kafka.max_record_bytes "
                + "at or below the producer's max.request.size and the topic's max.message.bytes; the input is "
                + "{})", record.topic(), (record.key() == null ? 0 : record.key().length)
                + (record.value() == null ? 0 : record.value().length), exception.getMessage(), source(context));
        return ProductionExceptionHandler.Response.resume();
    }

    private ProducerRecord<byte[], byte[]> deadLetter(ErrorHandlerContext context, byte[] key, byte[] value,
                                                      Exception exception) {
        DeadLetterReason reason = exception instanceof InvalidEventException invalid ? invalid.reason()
                : DeadLetterReason.PROCESSING_ERROR;
        counts.increment(reason);
        String detail = String.valueOf(exception.getMessage());
        String source = source(context);
        if (reason == DeadLetterReason.PROCESSING_ERROR) {
            LOG.error("record {} failed in processing; sent to {}", source, topic, exception);
        } else {
            LOG.debug("record {} dead-lettered: {}", source, detail);
        }
        DeadLetterRecord letter = DeadLetterRecord.of(key, value, reason, detail, source, maxRecordBytes);
        return new ProducerRecord<>(topic, null, letter.key(), letter.value(), letter.headers());
    }

    private static String source(ErrorHandlerContext context) {
        return context.topic() + "-" + context.partition() + "@" + context.offset();
    }
}
