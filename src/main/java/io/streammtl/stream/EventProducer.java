package io.streammtl.stream;

import io.streammtl.avro.LabeledEvent;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.Map;

/**
 * Sends input events, keyed by model (or by id), with an idempotent producer tuned for throughput (5 ms linger, 256 KiB
 * batches) or, for latency, sending every batch at once.
 */
public final class EventProducer implements AutoCloseable {
    private final Producer<String, byte[]> producer;
    private final AvroCodec<LabeledEvent> codec;
    private final String topic;

    public EventProducer(String bootstrapServers, String topic, AvroCodec<LabeledEvent> codec) {
        this(bootstrapServers, topic, codec, 5);
    }

    /** A producer that waits up to {@code lingerMillis} to fill a batch (0: a latency-sensitive producer). */
    public EventProducer(String bootstrapServers, String topic, AvroCodec<LabeledEvent> codec, int lingerMillis) {
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.BATCH_SIZE_CONFIG, 262_144,
                ProducerConfig.LINGER_MS_CONFIG, lingerMillis),
                new StringSerializer(), new ByteArraySerializer());
        this.codec = codec;
        this.topic = topic;
    }

    public void send(LabeledEvent event) {
        send(event, true);
    }

    /**
     * Sends {@code event} keyed by its model, or by its id when not {@code byModel}: the prediction stage of
     * {@code kafka.stages: split} takes any key, and ids spread the events over every partition.
     */
    public void send(LabeledEvent event, boolean byModel) {
        producer.send(new ProducerRecord<>(topic, null, event.getEventTime().toEpochMilli(),
                byModel ? event.getModel() : event.getId(), codec.encode(event)));
    }

    /** Sends already encoded bytes (a producer written in another language would do the same). */
    public void sendRaw(String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key, value));
    }

    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
