package io.streammtl.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a command finds Kafka: an explicit {@code --bootstrap-servers}, or else the address that {@code serve}
 * recorded for its embedded broker in the data directory, so that {@code produce} needs no flags.
 */
final class ClusterAddress {
    static final String FILE = "bootstrap.servers";

    private ClusterAddress() {
    }

    static void record(Path dataDirectory, String bootstrapServers) throws IOException {
        Files.createDirectories(dataDirectory);
        Files.writeString(dataDirectory.resolve(FILE), bootstrapServers + "\n");
    }

    /** The explicit address, or the recorded one; null if neither exists. */
    static String resolve(String explicit, Path dataDirectory) throws IOException {
        if (explicit != null) {
            return explicit;
        }
        Path file = dataDirectory.resolve(FILE);
        return Files.isRegularFile(file) ? Files.readString(file).trim() : null;
    }
}
