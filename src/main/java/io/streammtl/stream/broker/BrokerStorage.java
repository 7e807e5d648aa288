package io.streammtl.stream.broker;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/** Formats the broker's log directory for a new single-node cluster unless it already holds one. */
final class BrokerStorage {

    private static final String META_PROPERTIES = "meta.properties";

    private BrokerStorage() {
    }

    /** Formats {@code logDirectory} unless it already holds broker storage. */
    static void formatIfNew(Path logDirectory) throws Exception {
        if (Files.exists(logDirectory.resolve(META_PROPERTIES))) {
            // Existing storage is checked by the broker itself, which refuses another node's or cluster's.
            return;
        }
        Files.createDirectories(logDirectory);
        try (PrintStream silent = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8)) {
            new Formatter()
                    .setPrintStream(silent)
                    .setNodeId(BrokerSettings.NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setControllerListenerName(BrokerSettings.CONTROLLER_LISTENER)
                    .setMetadataLogDirectory(logDirectory.toString())
                    .addDirectory(logDirectory.toString())
                    .run();
        }
    }
}
