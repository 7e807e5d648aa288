package io.streammtl.stream;

import io.streammtl.avro.Prediction;
import io.streammtl.config.ModelConfig;
import io.streammtl.config.TaskConfig;
import io.streammtl.learn.BatchPredictions;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes one row of a batch's predictions as the single-object-encoded Avro {@link Prediction} of its event,
 * field by field with Avro's binary encoder, tasks in spec order. Hand-written because building the generated
 * records and walking them with Avro's datum writer measured about a fifth of the trainer's time per event;
 * {@code PredictionEncoderTest} checks the bytes against Avro's own writer for every task kind, and the
 * constructor refuses a changed schema.
 */
final class PredictionEncoder {
    /** The parsing fingerprint of the Prediction schema this encoder writes. */
    static final long FINGERPRINT = 0x1d57b0295d473ae5L;

    // Names in UTF-8 once, not per prediction (Avro's writeString(String) encodes and allocates every call).
    private final byte[][] taskNames;
    private final TaskWire[] wires;
    private String lastModel = "";
    private byte[] lastModelUtf8 = new byte[0];
    private final byte[] header = new byte[10];
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    // Bound to `out` once: re-binding per record wraps the stream in a new channel each time.
    private final BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);

    PredictionEncoder(ModelConfig config) {
        long fingerprint = SchemaNormalization.parsingFingerprint64(Prediction.getClassSchema());
        if (fingerprint != FINGERPRINT) {
            throw new IllegalStateException(String.format("the Prediction schema changed (fingerprint %016x, "
                    + "encoder written for %016x): update PredictionEncoder with it", fingerprint, FINGERPRINT));
        }
        List<TaskConfig> tasks = config.tasks();
        this.taskNames = tasks.stream().map(t -> utf8(t.name())).toArray(byte[][]::new);
        this.wires = tasks.stream().map(TaskWire::of).toArray(TaskWire[]::new);
        header[0] = (byte) 0xC3;
        header[1] = (byte) 0x01;
        for (int i = 0; i < 8; i++) {
            header[2 + i] = (byte) (FINGERPRINT >>> (8 * i));
        }
    }

    /** The encoded prediction for {@code row} of {@code predictions}, the event's own prediction. */
    byte[] encode(DecodedEvent event, BatchPredictions predictions, int row, long processingTime) {
        out.reset();
        out.writeBytes(header);
        try {
            BinaryEncoder e = encoder;
            // A string is written as its UTF-8 bytes are: the id goes out as it came in, without re-encoding.
            e.writeBytes(event.id());
            e.writeBytes(modelUtf8(event.model()));
            e.writeLong(predictions.modelVersion());
            e.writeLong(event.eventTime());
            e.writeLong(processingTime);
            e.writeMapStart();
            e.setItemCount(wires.length);
            for (int t = 0; t < wires.length; t++) {
                e.startItem();
                e.writeBytes(taskNames[t]);
                wires[t].writePrediction(e, predictions, t, row);
                String member = event.example().member(t);
                if (member == null) {
                    e.writeIndex(0);
                } else {
                    e.writeIndex(1);
                    e.writeString(member);
                }
            }
            e.writeMapEnd();
            e.flush();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private byte[] modelUtf8(String model) {
        if (!model.equals(lastModel)) {
            lastModel = model;
            lastModelUtf8 = utf8(model);
        }
        return lastModelUtf8;
    }
}
