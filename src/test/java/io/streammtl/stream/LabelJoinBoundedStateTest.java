package io.streammtl.stream;

import io.streammtl.avro.LabelEvent;
import io.streammtl.avro.LabeledEvent;
import io.streammtl.config.ModelConfigLoader;
import io.streammtl.config.ServiceConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The label join holds what its TTLs allow and no more: at a steady rate of events, half of them labeled two
 * seconds later and the rest never, its pending entries and bytes level off once the first events are forgotten
 * (TTL + late window) and stay flat, and every unlabeled task expires.
 */
class LabelJoinBoundedStateTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final int RATE = 50;
    private static final int SECONDS = 60;
    private static final String SPEC = """
            name: soak
            features: [{name: a}, {name: b}]
            tasks: [{name: y, kind: regression, label_ttl: 10s}]
            training: {batch_size: 16}
            kafka: {application_id: soak, input_topics: [events], prediction_flush_ms: 100}
            labels: {topics: [labels], orphan_wait: 5s, late_window: 5s, idle_advance: 1s}
            """;

    @TempDir
    Path stateDir;

    @Test
    void shouldKeepPendingEntriesAndBytesFlatAtASteadyRate() {
        ServiceConfig config = ModelConfigLoader.parse(SPEC);
        Codecs codecs = Codecs.create();
        DeadLetterCounts counts = new DeadLetterCounts();
        AtomicLong entries = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        AtomicLong expired = new AtomicLong();
        AtomicLong joined = new AtomicLong();
        JoinListener listener = new JoinListener() {
            @Override
            public void onPending(String taskId, long e, long b) {
                entries.set(e);
                bytes.set(b);
            }

            @Override
            public void onExpired(String model, int task, io.streammtl.config.ExpiryPolicy policy) {
                expired.incrementAndGet();
            }

            @Override
            public void onJoined(String model, int task, long delayMillis) {
                joined.incrementAndGet();
            }
        };
        var props = StreamsSettings.of(config.kafka(), "unused:9092", stateDir, counts, Map.of());
        List<long[]> samples = new ArrayList<>();
        try (TopologyTestDriver driver = new TopologyTestDriver(ServiceTopology.build(config, codecs, counts,
                StepListener.NONE, listener, "test"), props, Instant.ofEpochMilli(T0))) {
            TestInputTopic<String, byte[]> events = driver.createInputTopic("events", new StringSerializer(),
                    new ByteArraySerializer());
            TestInputTopic<String, byte[]> labels = driver.createInputTopic("labels", new StringSerializer(),
                    new ByteArraySerializer());
            int sent = 0;
            for (int second = 0; second < SECONDS; second++) {
                for (int i = 0; i < RATE; i++) {
                    long at = T0 + second * 1000L + i * (1000L / RATE);
                    String id = "e" + sent;
                    events.pipeInput(new TestRecord<>("default", codecs.events().encode(LabeledEvent.newBuilder()
                            .setId(id).setEventTime(Instant.ofEpochMilli(at)).setModel("default")
                            .setNumeric(Map.of("a", (double) (i % 7), "b", 1.0)).setLabels(Map.of()).build()),
                            Instant.ofEpochMilli(at)));
                    int labeled = sent - 2 * RATE;
                    if (labeled >= 0 && labeled % 2 == 0) {
                        labels.pipeInput(new TestRecord<>("e" + labeled, codecs.labels().encode(LabelEvent
                                .newBuilder().setId("e" + labeled).setLabels(Map.of("y", 1.0))
                                .setLabelTime(Instant.ofEpochMilli(at)).build()), Instant.ofEpochMilli(at)));
                    }
                    sent++;
                }
                driver.advanceWallClockTime(Duration.ofSeconds(1));
                samples.add(new long[] {second, entries.get(), bytes.get()});
            }
        }
        // Every event lives TTL (10 s) + late window (5 s) after its record time in the store, labeled or not; sampled
        // at the end of each second, when the clock is that second's last label: 14 to 15 s of events, 700 to 750.
        List<long[]> steady = samples.subList(20, SECONDS);
        long min = steady.stream().mapToLong(s -> s[1]).min().orElseThrow();
        long max = steady.stream().mapToLong(s -> s[1]).max().orElseThrow();
        assertTrue(min >= 14 * RATE * 0.95 && max <= 15 * RATE * 1.05,
                "entries in steady state between " + min + " and " + max);
        long minBytes = steady.stream().mapToLong(s -> s[2]).min().orElseThrow();
        long maxBytes = steady.stream().mapToLong(s -> s[2]).max().orElseThrow();
        assertTrue(maxBytes < 1.25 * minBytes, "bytes in steady state between " + minBytes + " and " + maxBytes);
        long labelsSent = (SECONDS * RATE - 2 * RATE + 1) / 2;
        assertEquals(labelsSent, joined.get(), "every label joined");
        assertTrue(expired.get() >= (SECONDS - 12) * RATE / 2 - RATE, "the unlabeled half expired: " + expired.get());
        assertEquals(0, counts.total(), "nothing late, orphan or duplicate");
    }
}
