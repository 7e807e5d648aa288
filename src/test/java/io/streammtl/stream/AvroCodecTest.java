package io.streammtl.stream;

import io.streammtl.avro.LabeledEvent;
import io.streammtl.avro.Prediction;
import io.streammtl.avro.TaskPrediction;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The codec writes and reads exactly Avro's single-object encoding, and names what is wrong with bad bytes. */
class AvroCodecTest {
    private final Codecs codecs = Codecs.create();
    private final LabeledEvent event = ServiceTopologyTest.event("e-1", "m", 1.5, -2.0, "red",
            Map.<String, Object>of("y", 0.25, "flag", 1.0));

    @Test
    void shouldWriteTheSameBytesAsAvrosMessageEncoder() throws IOException {
        byte[] ours = codecs.events().encode(event);
        byte[] avros = new BinaryMessageEncoder<LabeledEvent>(SpecificData.get(), LabeledEvent.getClassSchema())
                .encode(event).array();
        assertArrayEquals(avros, ours);
        Prediction prediction = Prediction.newBuilder().setEventId("e-1").setModel("m").setModelVersion(7)
                .setEventTime(Instant.ofEpochMilli(5)).setProcessingTime(Instant.ofEpochMilli(9))
                .setTasks(Map.of("y", TaskPrediction.newBuilder().setValue(0.5).build())).build();
        assertArrayEquals(new BinaryMessageEncoder<Prediction>(SpecificData.get(), Prediction.getClassSchema())
                .encode(prediction).array(), codecs.predictions().encode(prediction));
    }

    @Test
    void shouldReadWhatAvrosMessageEncoderWrote() throws IOException {
        byte[] avros = new BinaryMessageEncoder<LabeledEvent>(SpecificData.get(), LabeledEvent.getClassSchema())
                .encode(event).array();
        assertEquals(event, codecs.events().decode(avros));
        assertEquals(event, new BinaryMessageDecoder<LabeledEvent>(SpecificData.get(), LabeledEvent.getClassSchema())
                .decode(codecs.events().encode(event)));
    }

    @Test
    void shouldRejectBytesWithoutTheSingleObjectMarker() {
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> codecs.events().decode("{\"id\": 1}".getBytes()));
        assertEquals(DeadLetterReason.UNDECODABLE, e.reason());
    }

    @Test
    void shouldNameAnUnknownSchemaFingerprint() {
        byte[] bytes = codecs.events().encode(event);
        bytes[5] ^= 0x5A;
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> codecs.events().decode(bytes));
        assertEquals(DeadLetterReason.UNKNOWN_SCHEMA, e.reason());
    }

    @Test
    void shouldRejectTruncatedAndOverlongBodies() {
        byte[] bytes = codecs.events().encode(event);
        for (byte[] bad : List.of(Arrays.copyOf(bytes, bytes.length - 3), Arrays.copyOf(bytes, bytes.length + 2))) {
            InvalidEventException e = assertThrows(InvalidEventException.class, () -> codecs.events().decode(bad));
            assertEquals(DeadLetterReason.UNDECODABLE, e.reason());
        }
    }
}
