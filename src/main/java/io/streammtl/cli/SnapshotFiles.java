package io.streammtl.cli;

import io.streammtl.avro.ModelSnapshot;
import io.streammtl.stream.Codecs;
import io.streammtl.stream.InvalidEventException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads a learner snapshot from files: the bytes of {@code OnlineLearner.snapshot()}, or {@code ModelSnapshot}
 * records as the service publishes them (one file per record, every chunk of one version), whose chunks it joins.
 */
final class SnapshotFiles {
    private SnapshotFiles() {
    }

    /** A snapshot's bytes and the records they came in (empty for a bare learner snapshot). */
    record Loaded(byte[] state, List<ModelSnapshot> records) {
        Loaded {
            records = List.copyOf(records);
        }
    }

    /** Reads {@code files}; a file that cannot be read or records that do not make one snapshot are an IOException. */
    static Loaded read(List<Path> files, Codecs codecs) throws IOException {
        List<byte[]> contents = new ArrayList<>();
        for (Path file : files) {
            contents.add(Files.readAllBytes(file));
        }
        if (!isAvroRecord(contents.get(0))) {
            if (files.size() > 1) {
                throw new IOException(files.get(0) + " is not a ModelSnapshot record; give one learner snapshot file,"
                        + " or the chunk files of one ModelSnapshot version");
            }
            return new Loaded(contents.get(0), List.of());
        }
        List<ModelSnapshot> decoded = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            try {
                decoded.add(codecs.snapshots().decode(contents.get(i)));
            } catch (InvalidEventException e) {
                throw new IOException(files.get(i) + ": not a readable ModelSnapshot record: " + e.getMessage(), e);
            }
        }
        return new Loaded(joined(decoded), decoded);
    }

    /** Whether {@code bytes} start with Avro single-object encoding's marker (a learner snapshot starts "LTMS"). */
    private static boolean isAvroRecord(byte[] bytes) {
        return bytes.length >= 2 && bytes[0] == (byte) 0xC3 && bytes[1] == 0x01;
    }

    /** The state of chunks 0..n−1 of one model version, in chunk order. */
    private static byte[] joined(List<ModelSnapshot> records) throws IOException {
        List<ModelSnapshot> chunks = records.stream().sorted(Comparator.comparingInt(ModelSnapshot::getChunk)).toList();
        ModelSnapshot first = chunks.get(0);
        ByteArrayOutputStream state = new ByteArrayOutputStream();
        for (int i = 0; i < chunks.size(); i++) {
            ModelSnapshot chunk = chunks.get(i);
            if (!chunk.getModel().equals(first.getModel()) || chunk.getVersion() != first.getVersion()) {
                throw new IOException("the records are of different snapshots: " + describe(first) + " and "
                        + describe(chunk));
            }
            if (chunk.getChunk() != i || chunk.getChunks() != chunks.size()) {
                throw new IOException(describe(first) + " has " + first.getChunks() + " chunks; "
                        + "give each exactly once (got chunk " + chunk.getChunk() + " as number " + (i + 1) + " of "
                        + chunks.size() + ")");
            }
            ByteBuffer bytes = chunk.getState().duplicate();
            byte[] part = new byte[bytes.remaining()];
            bytes.get(part);
            state.write(part);
        }
        return state.toByteArray();
    }

    private static String describe(ModelSnapshot record) {
        return "model " + record.getModel() + " version " + record.getVersion();
    }
}
