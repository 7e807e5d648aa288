package io.streammtl.stream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * The service's static group member id ({@code group.instance.id}), made once and kept in the state directory: a
 * restarted instance rejoins its consumer group as the same member, so its partitions come back at once instead of
 * after the old member's session times out. A random id rather than one derived from the path, so two hosts that
 * mount their data at the same path still differ.
 */
final class StaticMemberId {
    static final String FILE = "streammtl-member-id";

    private StaticMemberId() {
    }

    /** The id stored in {@code stateDirectory}, created there on first use. */
    static String of(Path stateDirectory) {
        Path file = stateDirectory.resolve(FILE);
        try {
            Files.createDirectories(stateDirectory);
            try {
                Files.writeString(file, "streammtl-" + UUID.randomUUID() + "\n", StandardCharsets.UTF_8,
                        java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE);
            } catch (FileAlreadyExistsException kept) {
                // A restart: the id written by the first start is the one to keep.
            }
            String id = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (id.isEmpty()) {
                throw new IOException(file + " is empty; delete it to make a new member id");
            }
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the static member id in " + file, e);
        }
    }
}
