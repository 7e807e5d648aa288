package io.streammtl.stream;

import io.streammtl.config.ServiceConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The repartition step reads only the model key; the trainer decodes (and judges) the whole event once. */
class ModelKeyRoutingTest {
    private final Codecs codecs = Codecs.create();

    private byte[] event(String model) {
        return codecs.events().encode(ServiceTopologyTest.event("e-1", model, 1, 2, "red", Map.of("y", 1.0)));
    }

    /** The event cut short: its id, time and model are intact, its labels are not. */
    private byte[] corruptTail(String model) {
        byte[] whole = event(model);
        return Arrays.copyOf(whole, whole.length - 3);
    }

    @Test
    void shouldReadTheModelKeyOfAnEventWhoseLaterFieldsAreCorrupt() {
        ModelKeyReader keys = new ModelKeyReader(codecs.events());
        assertArrayEquals("beta".getBytes(StandardCharsets.UTF_8), keys.read(event("beta")));
        assertArrayEquals("beta".getBytes(StandardCharsets.UTF_8), keys.read(corruptTail("beta")));
        assertThrows(InvalidEventException.class, () -> keys.read(new byte[] {1, 2, 3}));
    }

    @Test
    void shouldRouteACorruptEventByItsModelKeyAndDeadLetterItInTheTrainer(@TempDir Path stateDir) {
        ServiceConfig config = ServiceTopologyTest.config(0, false);
        DeadLetterCounts counts = new DeadLetterCounts();
        var props = StreamsSettings.of(config.kafka(), "unused:9092", stateDir, counts, Map.of());
        try (TopologyTestDriver driver = new TopologyTestDriver(
                ServiceTopology.build(config, codecs, counts, StepListener.NONE, "test"), props, Instant.EPOCH)) {
            byte[] corrupt = corruptTail("beta");
            driver.createInputTopic("events", new StringSerializer(), new ByteArraySerializer())
                    .pipeInput("producer-key", corrupt);
            List<TestRecord<byte[], byte[]>> letters = driver.createOutputTopic("dead-letters",
                    new ByteArrayDeserializer(), new ByteArrayDeserializer()).readRecordsToList();
            assertEquals(1, letters.size());
            assertEquals("beta", new String(letters.get(0).key(), StandardCharsets.UTF_8),
                    "routed by the model key it carries, not the producer's key");
            Header reason = letters.get(0).headers().lastHeader(DeadLetterHandler.REASON_HEADER);
            assertEquals(DeadLetterReason.UNDECODABLE.code(), new String(reason.value(), StandardCharsets.UTF_8));
            assertArrayEquals(corrupt, letters.get(0).value(), "the original bytes");
            assertEquals(1, counts.count(DeadLetterReason.UNDECODABLE));
        }
    }
}
