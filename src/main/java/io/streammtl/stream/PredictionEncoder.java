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
    static final long FINGERPRINT = 0x311340dbfa07a6a3L;

    private final List<TaskConfig> tasks;
    // Names in UTF-8 once, not per prediction (Avro's writeString(String) encodes and allocates every call).
    private final byte[][] taskNames;
    private final byte[][][] classNames;
    private final byte[] positive = {'1'};
    private final byte[] negative = {'0'};
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
        this.tasks = config.tasks();
        this.taskNames = new byte[tasks.size()][];
        this.classNames = new byte[tasks.size()][][];
        for (int t = 0; t < tasks.size(); t++) {
            taskNames[t] = utf8(tasks.get(t).name());
            classNames[t] = tasks.get(t).classes().stream().map(PredictionEncoder::utf8).toArray(byte[][]::new);
        }
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
            e.setItemCount(tasks.size());
            for (int t = 0; t < tasks.size(); t++) {
                e.startItem();
                e.writeBytes(taskNames[t]);
                writeTask(e, tasks.get(t), t, predictions, row);
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

    /** One TaskPrediction: four nullable fields (value, probability, class_probabilities, predicted_class). */
    private void writeTask(BinaryEncoder e, TaskConfig task, int t, BatchPredictions predictions, int row)
            throws IOException {
        switch (task.kind()) {
            case REGRESSION -> {
                e.writeIndex(1);
                e.writeDouble(predictions.value(t, row));
                e.writeIndex(0);
                e.writeIndex(0);
                e.writeIndex(0);
            }
            case BINARY -> {
                double p = predictions.value(t, row);
                e.writeIndex(0);
                e.writeIndex(1);
                e.writeDouble(p);
                e.writeIndex(0);
                e.writeIndex(1);
                e.writeBytes(p >= 0.5 ? positive : negative);
            }
            case MULTICLASS -> {
                e.writeIndex(0);
                e.writeIndex(0);
                e.writeIndex(1);
                e.writeMapStart();
                e.setItemCount(task.outputs());
                int best = 0;
                for (int c = 0; c < task.outputs(); c++) {
                    float p = predictions.probability(t, row, c);
                    e.startItem();
                    e.writeBytes(classNames[t][c]);
                    e.writeDouble(p);
                    if (p > predictions.probability(t, row, best)) {
                        best = c;
                    }
                }
                e.writeMapEnd();
                e.writeIndex(1);
                e.writeBytes(classNames[t][best]);
            }
        }
    }
}
