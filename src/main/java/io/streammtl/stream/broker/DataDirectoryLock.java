package io.streammtl.stream.broker;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** An exclusive lock on a broker data directory, held from before formatting until the broker is closed. */
final class DataDirectoryLock implements AutoCloseable {

    private static final String LOCK_FILE = "embedded-broker.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code directory} against other embedded brokers in this or another JVM. Kafka's own log
     * directory lock is not enough: the controller opens the shared metadata log before the broker takes
     * that lock, so a second broker would touch a live log before failing.
     */
    static DataDirectoryLock acquire(Path directory) throws IOException {
        FileChannel channel = FileChannel.open(directory.resolve(LOCK_FILE),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new IOException("the directory is in use by a broker in another process");
            }
            return new DataDirectoryLock(channel, lock);
        } catch (OverlappingFileLockException inThisJvm) {
            channel.close();
            throw new IOException("the directory is in use by another broker in this JVM", inThisJvm);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
