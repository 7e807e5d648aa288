package io.streammtl.stream;

import io.streammtl.avro.ModelSnapshot;
import io.streammtl.learn.OnlineLearner;
import org.apache.kafka.streams.processor.api.Record;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes a learner's state as {@link ModelSnapshot} records for the compacted snapshots topic, in chunks of
 * {@link ModelStateStore#CHUNK_BYTES} keyed {@code model/chunk}, each with the spec's hash and the code version.
 */
final class SnapshotEncoder {
    private final Codecs codecs;
    private final String topic;
    private final String configHash;
    private final String codeVersion;

    SnapshotEncoder(Codecs codecs, String topic, String configHash, String codeVersion) {
        this.codecs = codecs;
        this.topic = topic;
        this.configHash = configHash;
        this.codeVersion = codeVersion;
    }

    /** The snapshot records of model {@code model}'s current state, taken at {@code now}. */
    List<Record<byte[], OutputRecord>> chunks(String model, OnlineLearner learner, long now) {
        byte[] state = learner.snapshot();
        int chunk = ModelStateStore.CHUNK_BYTES;
        int chunks = Math.max(1, (state.length + chunk - 1) / chunk);
        List<Record<byte[], OutputRecord>> out = new ArrayList<>(chunks);
        for (int i = 0; i < chunks; i++) {
            ModelSnapshot snapshot = ModelSnapshot.newBuilder()
                    .setModel(model)
                    .setVersion(learner.counters().applied())
                    .setExamples(learner.counters().examples())
                    .setChunk(i)
                    .setChunks(chunks)
                    .setState(ByteBuffer.wrap(state, i * chunk, Math.min(state.length, (i + 1) * chunk) - i * chunk).slice())
                    .setConfigHash(configHash)
                    .setCodeVersion(codeVersion)
                    .setCreatedAt(Instant.ofEpochMilli(now))
                    .build();
            out.add(new Record<>((model + "/" + i).getBytes(StandardCharsets.UTF_8),
                    new OutputRecord(topic, codecs.snapshots().encode(snapshot)), now));
        }
        return out;
    }
}
