package io.streammtl.stream.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;

/** A single-node Apache Kafka broker (KRaft, broker and controller in one) running inside this JVM. */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    static final String LOG_DIRECTORY = "kafka-logs";
    static final String PORTS_FILE = "broker-ports.properties";

    private final KafkaRaftServer server;
    private final DataDirectoryLock lock;
    private final Path dataDirectory;
    private final String bootstrapServers;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedKafkaBroker(KafkaRaftServer server, DataDirectoryLock lock, Path dataDirectory, BrokerPorts ports) {
        this.server = server;
        this.lock = lock;
        this.dataDirectory = dataDirectory;
        this.bootstrapServers = BrokerSettings.HOST + ":" + ports.clientPort();
    }

    /**
     * Starts a broker on {@code dataDirectory}, formatting new storage on first use and reusing it (topics,
     * offsets, records) afterwards; returns once the broker serves requests.
     *
     * @throws EmbeddedBrokerException if the directory cannot be used or the broker does not start
     */
    public static EmbeddedKafkaBroker start(Path dataDirectory) {
        Path directory = dataDirectory.toAbsolutePath().normalize();
        DataDirectoryLock lock = null;
        try {
            Files.createDirectories(directory);
            lock = DataDirectoryLock.acquire(directory);
            Path logDirectory = directory.resolve(LOG_DIRECTORY);
            BrokerStorage.formatIfNew(logDirectory);
            BrokerPorts ports = BrokerPorts.choose(directory.resolve(PORTS_FILE));
            ports.save(directory.resolve(PORTS_FILE));
            KafkaConfig config = KafkaConfig.fromProps(BrokerSettings.of(logDirectory, ports), false);
            KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
            startOrStop(server);
            return new EmbeddedKafkaBroker(server, lock, directory, ports);
        } catch (Exception e) {
            EmbeddedBrokerException failure = new EmbeddedBrokerException(directory, e);
            if (lock != null) {
                try {
                    lock.close();
                } catch (IOException suppressed) {
                    failure.addSuppressed(suppressed);
                }
            }
            throw failure;
        }
    }

    /** The address clients connect to, {@code 127.0.0.1:PORT}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The directory holding the broker's storage. */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /** Shuts the broker down cleanly; later calls do nothing. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                server.shutdown();
                server.awaitShutdown();
            } finally {
                try {
                    lock.close();
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot unlock " + dataDirectory, e);
                }
            }
        }
    }

    private static void startOrStop(KafkaRaftServer server) {
        try {
            server.startup();
        } catch (RuntimeException e) {
            // A half-started server keeps its sockets, threads and directory lock until shut down.
            try {
                server.shutdown();
                server.awaitShutdown();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }
}
