package io.streammtl.cli;

import io.streammtl.avro.LabelEvent;
import io.streammtl.avro.LabeledEvent;
import io.streammtl.stream.AvroCodec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Holds back the delayed tasks' labels of every event {@code produce} sends and sends them when they fall due, as
 * {@link LabelEvent}s keyed by event id and stamped with the moment they are sent (their label time).
 */
final class DelayedLabelSender implements AutoCloseable {
    private final Producer<String, byte[]> producer;
    private final String topic;
    private final AvroCodec<LabelEvent> codec;
    private final DelayedTasks tasks;
    private final LabelSchedule schedule;
    private long sent;

    DelayedLabelSender(String bootstrapServers, String topic, AvroCodec<LabelEvent> codec, DelayedTasks tasks,
                       LabelSchedule schedule) {
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), new ByteArraySerializer());
        this.topic = topic;
        this.codec = codec;
        this.tasks = tasks;
        this.schedule = schedule;
    }

    /** Schedules (or withholds) the event's delayed labels, due after its event time; returns the event without them. */
    LabeledEvent holdBack(LabeledEvent event) {
        LabelEvent labels = tasks.delayedLabels(event, event.getEventTime());
        if (labels != null) {
            schedule.offer(labels, event.getEventTime().toEpochMilli());
        }
        return tasks.withoutDelayedLabels(event);
    }

    /** Sends every label due by now. */
    void sendDue() {
        long now = System.currentTimeMillis();
        for (LabelEvent labels : schedule.takeDue(now)) {
            LabelEvent stamped = LabelEvent.newBuilder(labels).setLabelTime(Instant.ofEpochMilli(now)).build();
            producer.send(new ProducerRecord<>(topic, null, now, stamped.getId(), codec.encode(stamped)));
            sent++;
        }
    }

    /** Sleeps until {@code deadline} ({@link System#nanoTime()}), sending labels as they fall due meanwhile. */
    void waitUntil(long deadline) throws InterruptedException {
        for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
            sendDue();
            OptionalLong next = schedule.nextDueMillis();
            long sleep = next.isEmpty() ? left
                    : Math.min(left, Math.max(0, next.getAsLong() - System.currentTimeMillis()) * 1_000_000);
            Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
        }
        sendDue();
    }

    /** Waits for the last due label, sends it and flushes. */
    void finish() throws InterruptedException {
        for (OptionalLong next = schedule.nextDueMillis(); next.isPresent(); next = schedule.nextDueMillis()) {
            long wait = next.getAsLong() - System.currentTimeMillis();
            if (wait > 0) {
                Thread.sleep(wait);
            }
            sendDue();
        }
        producer.flush();
    }

    long sent() {
        return sent;
    }

    long withheld() {
        return schedule.withheld();
    }

    @Override
    public void close() {
        producer.close();
    }
}
