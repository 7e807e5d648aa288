package io.streammtl.cli;

import io.streammtl.config.ServiceConfig;
import io.streammtl.config.ModelConfigLoader;
import io.streammtl.stream.broker.EmbeddedKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tier 4, the container's path: {@code serve} and {@code produce} as separate processes that get Kafka and the
 * data directory only from the environment (as docker-compose and the StatefulSet pass them), the static member
 * id from {@code KAFKA_GROUP_INSTANCE_ID}, and {@code serve} stopped with SIGTERM as Kubernetes stops a pod.
 */
@Tag("integration")
class ServeEnvironmentTest {
    private static final Path SPEC = Path.of("deploy/config/wine.yaml");
    /** The JVM's exit status after an orderly shutdown on SIGTERM (128 + 15). */
    private static final int SIGTERM_STATUS = 143;

    @TempDir
    Path dir;

    private Process start(String name, Map<String, String> environment, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-Xmx512m", "-cp",
                System.getProperty("java.class.path"), "io.streammtl.Main"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        builder.environment().remove(EnvironmentDefaults.BOOTSTRAP_SERVERS);
        builder.environment().remove(EnvironmentDefaults.DATA_DIR);
        builder.environment().putAll(environment);
        return builder.start();
    }

    private String log(String name) throws Exception {
        return Files.readString(dir.resolve(name + ".log"));
    }

    private Process serveUntilServing(Map<String, String> environment) throws Exception {
        Process serve = start("serve", environment, "serve", "--config", SPEC.toString(), "--status-seconds", "0");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!log("serve").contains("serving model") && System.nanoTime() < deadline) {
            assertTrue(serve.isAlive(), "serve died: " + log("serve"));
            Thread.sleep(200);
        }
        assertTrue(log("serve").contains("serving model 'wine'"), log("serve"));
        return serve;
    }

    /** produce with only the given environment; returns its output after checking it sent the test split. */
    private String produceTestSplit(Map<String, String> environment) throws Exception {
        Process produce = start("produce", environment,
                "produce", "--config", SPEC.toString(), "--data", "classpath:data/wine/red-test.csv");
        assertTrue(produce.waitFor(2, TimeUnit.MINUTES), "produce finished");
        assertEquals(0, produce.exitValue(), log("produce"));
        assertTrue(log("produce").contains("sent 320 events to wine-events on "), log("produce"));
        return log("produce");
    }

    /** SIGTERM, as Kubernetes and docker stop a container; serve must shut down by itself and quietly. */
    private void stopWithSigterm(Process serve) throws Exception {
        int before = log("serve").length();
        serve.destroy();
        assertTrue(serve.waitFor(90, TimeUnit.SECONDS), "serve stops by itself on SIGTERM");
        String log = log("serve");
        assertEquals(SIGTERM_STATUS, serve.exitValue(), log);
        assertFalse(log.contains("error:"), log);
        // Only what the stop logged: an embedded broker shares the process and logs its own errors.
        String stopping = log.substring(Math.min(before, log.length()));
        assertFalse(stopping.contains(" ERROR "), "nothing logged at ERROR while stopping: " + stopping);
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void shouldUseKafkaAndStaticMemberIdFromTheEnvironmentAndStopCleanlyOnSigterm() throws Exception {
        ServiceConfig wine = ModelConfigLoader.load(SPEC);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("broker"))) {
            String servers = broker.bootstrapServers();
            Path data = dir.resolve("pod-data");
            Process serve = serveUntilServing(Map.of(EnvironmentDefaults.BOOTSTRAP_SERVERS, servers,
                    EnvironmentDefaults.DATA_DIR, data.toString(), "KAFKA_GROUP_INSTANCE_ID", "streammtl-0"));
            try {
                assertFalse(log("serve").contains("embedded Kafka broker"), "no embedded broker when the env names Kafka");
                String produced = produceTestSplit(Map.of(EnvironmentDefaults.BOOTSTRAP_SERVERS, servers));
                assertTrue(produced.contains(" on " + servers), produced);
                assertEquals(320, countCommitted(servers, wine.kafka().predictionsTopic(), 320, Duration.ofMinutes(2)),
                        "one prediction per produced event");
                // Kafka Streams suffixes the instance id with the stream thread's index (one thread: -1).
                assertEquals(Optional.of("streammtl-0-1"), staticMemberId(servers, wine.kafka().applicationId()),
                        "KAFKA_GROUP_INSTANCE_ID becomes the static member id");
            } finally {
                stopWithSigterm(serve);
            }
        }
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void shouldKeepTheEmbeddedBrokerInTheDataDirFromTheEnvironmentAndStopCleanlyOnSigterm() throws Exception {
        Path data = dir.resolve("env-data");
        Process serve = serveUntilServing(Map.of(EnvironmentDefaults.DATA_DIR, data.toString()));
        try {
            assertTrue(log("serve").contains("embedded Kafka broker listening on"), log("serve"));
            String recorded = Files.readString(data.resolve(ClusterAddress.FILE)).trim();
            assertTrue(Files.isDirectory(data.resolve("broker")), "broker data under STREAMMTL_DATA_DIR");
            // produce finds the embedded broker through the address serve recorded in STREAMMTL_DATA_DIR.
            String produced = produceTestSplit(Map.of(EnvironmentDefaults.DATA_DIR, data.toString()));
            assertTrue(produced.contains(" on " + recorded), produced);
        } finally {
            stopWithSigterm(serve);
        }
    }

    private static long countCommitted(String servers, String topic, long expected, Duration timeout) {
        long count = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers, ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            consumer.seekToBeginning(consumer.assignment());
            long deadline = System.nanoTime() + timeout.toNanos();
            while (count < expected && System.nanoTime() < deadline) {
                count += consumer.poll(Duration.ofMillis(200)).count();
            }
        }
        return count;
    }

    private static Optional<String> staticMemberId(String servers, String group) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all()
                    .get(30, TimeUnit.SECONDS).get(group);
            return description.members().stream().map(MemberDescription::groupInstanceId)
                    .flatMap(Optional::stream).findFirst();
        }
    }
}
