package io.streammtl.stream;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The service as a separate process ({@code serve}) that a test can kill with SIGKILL, and a wait for its output. */
final class ServiceProcess {
    private ServiceProcess() {
    }

    /**
     * Starts {@code serve} on {@code spec} with its state under {@code data}, its output going to {@code log}, with
     * {@code extraArguments} after the usual ones.
     */
    static Process start(Path spec, String servers, Path data, Path log, String... extraArguments) throws IOException {
        return start(spec, servers, data, log, 0, extraArguments);
    }

    /** As above, its metrics on {@code metricsPort} (0: none). */
    static Process start(Path spec, String servers, Path data, Path log, int metricsPort, String... extraArguments)
            throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-Xmx512m", "-cp",
                System.getProperty("java.class.path"), "io.streammtl.Main", "serve", "--config", spec.toString(),
                "--bootstrap-servers", servers, "--data-dir", data.toString(), "--status-seconds", "0",
                "--metrics-port", Integer.toString(metricsPort)));
        command.addAll(List.of(extraArguments));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    /** Waits until the service writes to {@code topic} (its end offset moves past where it stood at the start). */
    static void awaitNewRecords(String servers, String topic, Process service, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long before = -1;
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            while (System.nanoTime() < deadline) {
                assertTrue(service.isAlive(), "the service process died by itself");
                long end = consumer.endOffsets(List.of(partition)).get(partition);
                if (before < 0) {
                    before = end;
                } else if (end > before) {
                    return;
                }
                Thread.sleep(100);
            }
        }
        throw new AssertionError("the service wrote nothing to " + topic + " within " + timeout);
    }
}
