package io.streammtl.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streammtl.config.ServiceConfig;
import io.streammtl.config.ModelConfigLoader;
import io.streammtl.stream.TopicCreator;
import io.streammtl.testing.ExternalTool;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.streammtl.deploy.DeployFiles.ROOT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docker-compose.yml, validated offline (no Docker engine runs here): Debian's docker-compose 1.29 accepts and
 * interpolates it, bind mounts exist, every ${VAR} is documented, the service's three replicas and the producer run
 * command lines and variables streammtl understands, the replicas pass {@link ComposeReplicaCheck} (which also proves
 * it catches broken ones), the topic creator makes the spec's topics, and the broker settings are a valid
 * single-node KRaft configuration for the same Kafka version.
 */
class ComposeFileTest {
    private static final Path COMPOSE = ROOT.resolve("docker-compose.yml");
    private static final Path ENV_EXAMPLE = ROOT.resolve(".env.example");
    private static final Pattern VARIABLE = Pattern.compile("(?<!\\$)\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?}");
    /** Provided by the metrics branch (Grafana provisioning and dashboards); checked once they exist. */
    private static final List<String> REPLICAS = List.of("streammtl-0", "streammtl-1", "streammtl-2");
    private static final Set<String> STREAMMTL_SERVICES = Set.of("streammtl-0", "streammtl-1", "streammtl-2", "producer");

    private static JsonNode rendered;

    /** The file as docker-compose itself resolves it: variables interpolated with their defaults, paths absolute. */
    @BeforeAll
    static void render() throws Exception {
        Path compose = ExternalTool.require("docker-compose", "apt-get install docker-compose");
        DeployFiles.Result result = DeployFiles.run(List.of(compose.toString(), "-f", COMPOSE.toString(), "config"),
                List.copyOf(documentedVariables().keySet()));
        assertEquals(0, result.code(), result.output());
        rendered = DeployFiles.yamlDocuments(result.output()).get(0);
    }

    private static Map<String, String> documentedVariables() throws Exception {
        Map<String, String> documented = new LinkedHashMap<>();
        for (String line : Files.readAllLines(ENV_EXAMPLE)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                int equals = line.indexOf('=');
                documented.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        return documented;
    }

    private static JsonNode service(String name) {
        JsonNode service = rendered.path("services").path(name);
        assertTrue(service.isObject(), "compose service '" + name + "'");
        return service;
    }

    @Test
    void shouldPassDockerComposeConfigCheck() throws Exception {
        Path compose = ExternalTool.require("docker-compose", "apt-get install docker-compose");
        DeployFiles.Result result = DeployFiles.run(List.of(compose.toString(), "-f", COMPOSE.toString(), "config", "-q"));
        assertEquals(0, result.code(), result.output());
        assertEquals(Set.of("kafka", "topics", "streammtl-0", "streammtl-1", "streammtl-2", "producer", "prometheus",
                "grafana"),
                iterable(rendered.path("services").fieldNames()));
    }

    @Test
    void shouldFailTheConfigCheckOnAnInvalidFile(@TempDir Path dir) throws Exception {
        Path compose = ExternalTool.require("docker-compose", "apt-get install docker-compose");
        Path broken = dir.resolve("docker-compose.yml");
        Files.writeString(broken, Files.readString(COMPOSE).replace("stop_grace_period: 45s", "stop_grace_periodd: 45s"));
        DeployFiles.Result result = DeployFiles.run(List.of(compose.toString(), "-f", broken.toString(), "config", "-q"));
        assertNotEquals(0, result.code(), "docker-compose must reject an unknown key: " + result.output());
    }

    @Test
    void shouldBindMountOnlyPathsThatExist() {
        List<String> missing = new ArrayList<>();
        rendered.path("services").fields().forEachRemaining(service -> {
            for (String volume : DeployFiles.strings(service.getValue().path("volumes"))) {
                String source = volume.substring(0, volume.indexOf(':'));
                if (!source.startsWith("/")) {
                    assertTrue(rendered.path("volumes").has(source), service.getKey() + ": named volume " + source
                            + " is declared");
                    continue;
                }
                String relative = ROOT.relativize(Path.of(source)).toString().replace('\\', '/');
                if (!Files.exists(Path.of(source))) {
                    missing.add(service.getKey() + ": " + relative);
                }
            }
        });
        assertEquals(List.of(), missing, "bind-mounted paths that do not exist");
    }

    @Test
    void shouldMountTheGrafanaAndPrometheusFilesWhereTheImagesReadThem() {
        assertEquals(Map.of("deploy/grafana/provisioning", "/etc/grafana/provisioning",
                "deploy/grafana/dashboards", "/var/lib/grafana/dashboards"), bindMounts("grafana"));
        assertEquals(Map.of("deploy/prometheus", "/etc/prometheus"), bindMounts("prometheus"));
        REPLICAS.forEach(replica -> assertEquals(Map.of("deploy/config", "/etc/streammtl"), bindMounts(replica)));
        assertEquals(Map.of("deploy/config", "/etc/streammtl"), bindMounts("producer"));
    }

    private Map<String, String> bindMounts(String service) {
        Map<String, String> mounts = new TreeMap<>();
        for (String volume : DeployFiles.strings(service(service).path("volumes"))) {
            String[] parts = volume.split(":");
            if (parts[0].startsWith("/")) {
                mounts.put(ROOT.relativize(Path.of(parts[0])).toString().replace('\\', '/'), parts[1]);
            }
        }
        return mounts;
    }

    @Test
    void shouldPointGrafanaProvisioningAtTheComposePrometheusAndTheMountedDashboards() throws Exception {
        Path datasources = ROOT.resolve("deploy/grafana/provisioning/datasources/prometheus.yaml");
        Path providers = ROOT.resolve("deploy/grafana/provisioning/dashboards/streammtl.yaml");
        JsonNode source = DeployFiles.yaml(datasources).path("datasources").path(0);
        assertEquals("prometheus", source.path("uid").asText());
        assertEquals("http://prometheus:9090", source.path("url").asText(), "the compose service and its port");
        assertTrue(rendered.path("services").has("prometheus"));
        String dashboards = DeployFiles.yaml(providers).path("providers").path(0).path("options").path("path").asText();
        assertEquals("/var/lib/grafana/dashboards", dashboards);
        assertEquals(dashboards, bindMounts("grafana").get("deploy/grafana/dashboards"));
        try (var files = Files.list(ROOT.resolve("deploy/grafana/dashboards"))) {
            List<Path> json = files.filter(f -> f.toString().endsWith(".json")).toList();
            assertTrue(!json.isEmpty(), "dashboards to provision");
            for (Path file : json) {
                DeployFiles.YAML.readTree(file.toFile());
            }
        }
    }

    @Test
    void shouldDocumentEveryReferencedVariableWithItsDefault() throws Exception {
        Map<String, String> documented = documentedVariables();
        Map<String, String> referenced = new TreeMap<>();
        Matcher matcher = VARIABLE.matcher(Files.readString(COMPOSE));
        while (matcher.find()) {
            referenced.put(matcher.group(1), matcher.group(2));
        }
        assertTrue(!referenced.isEmpty(), "the file takes its ports and the replay rate from variables");
        assertEquals(new TreeSet<>(referenced.keySet()), new TreeSet<>(documented.keySet()),
                ".env.example lists exactly the variables docker-compose.yml references");
        referenced.forEach((name, fallback) -> assertEquals(fallback, documented.get(name),
                name + ": the default in docker-compose.yml and the value in .env.example"));
        String operations = Files.readString(ROOT.resolve("docs/operations.md"));
        List<String> notInDocs = referenced.keySet().stream().filter(name -> !operations.contains("`" + name + "`")).toList();
        assertEquals(List.of(), notInDocs, "variables missing from the table in docs/operations.md");
    }

    @Test
    void shouldRunOnlyCommandLinesAndVariablesStreammtlUnderstands() throws Exception {
        for (String name : STREAMMTL_SERVICES) {
            JsonNode service = service(name);
            assertEquals("streammtl:local", service.path("image").asText(), name + " runs the image built here");
            assertEquals("deploy/docker/Dockerfile", service.path("build").path("dockerfile").asText());
            List<String> args = DeployFiles.strings(service.path("command"));
            CommandLine.ParseResult command = ServiceInvocation.parse(args);
            Map<String, String> environment = DeployFiles.stringMap(service.path("environment"));
            assertEquals(List.of(), ServiceInvocation.unknownVariables(environment), name + ": unknown variables");
            assertEquals("kafka:19092", environment.get("STREAMMTL_BOOTSTRAP_SERVERS"), name);
            // The spec it names is the mounted deploy/config file, and it loads.
            String config = command.matchedOptionValue("--config", Path.of("")).toString();
            assertTrue(config.startsWith("/etc/streammtl/"), config);
            Path onHost = ROOT.resolve("deploy/config").resolve(config.substring("/etc/streammtl/".length()));
            ModelConfigLoader.load(onHost);
        }
        assertEquals(REPLICAS, List.copyOf(ComposeReplicaCheck.serveServices(rendered).keySet()));
        CommandLine.ParseResult produce = ServiceInvocation.parse(DeployFiles.strings(service("producer").path("command")));
        assertEquals("produce", produce.commandSpec().name());
        String data = produce.matchedOptionValue("--data", "");
        assertTrue(data.startsWith("classpath:"), data);
        ServiceConfig wine = ModelConfigLoader.load(ROOT.resolve("deploy/config/wine.yaml"));
        try (var reader = io.streammtl.data.DataFiles.open(data, wine.csv())) {
            assertEquals(1599, io.streammtl.stream.CsvEvents.readAll(wine.model(), reader, "check:", "default").size(),
                    "the producer replays the red wines shipped in the jar");
        }
        for (String replica : REPLICAS) {
            assertEquals("/data", DeployFiles.stringMap(service(replica).path("environment")).get("STREAMMTL_DATA_DIR"));
            assertTrue(DeployFiles.strings(service(replica).path("volumes")).contains(replica + "-data:/data:rw"),
                    "the state directory is a volume of its own");
        }
    }

    @Test
    void shouldStartTheServiceAfterAHealthyBrokerAndTheTopics() {
        for (String replica : REPLICAS) {
            JsonNode dependsOn = service(replica).path("depends_on");
            assertEquals("service_healthy", dependsOn.path("kafka").path("condition").asText(), replica);
            assertEquals("service_completed_successfully", dependsOn.path("topics").path("condition").asText(), replica);
        }
        assertEquals("service_completed_successfully",
                service("producer").path("depends_on").path("topics").path("condition").asText());
        assertEquals("service_healthy", service("topics").path("depends_on").path("kafka").path("condition").asText());
        assertTrue(service("kafka").path("healthcheck").path("test").size() > 0, "kafka has a healthcheck");
    }

    @Test
    void shouldCreateExactlyTheTopicsOfTheSpecTheReplicasServe() throws Exception {
        ServiceConfig wine = ModelConfigLoader.load(ComposeReplicaCheck.specOnHost(service("streammtl-0")));
        assertEquals(3, wine.kafka().partitions(), "as many partitions as replicas");
        Map<String, String> expected = new TreeMap<>();
        for (NewTopic topic : TopicCreator.required(wine.kafka())) {
            expected.put(topic.name(), topic.numPartitions() + "/" + topic.replicationFactor() + " "
                    + new TreeMap<>(topic.configs() == null ? Map.of() : topic.configs()));
        }
        String script = String.join("\n", DeployFiles.strings(service("topics").path("command")));
        Pattern create = Pattern.compile("kafka-topics\\.sh --bootstrap-server (\\S+) --create --if-not-exists"
                + " --topic (\\S+) --partitions (\\d+) --replication-factor (\\d+)((?: --config \\S+)*)");
        Map<String, String> created = new TreeMap<>();
        Matcher matcher = create.matcher(script);
        while (matcher.find()) {
            assertEquals("kafka:19092", matcher.group(1));
            Map<String, String> configs = new TreeMap<>();
            for (String setting : matcher.group(5).trim().split("\\s*--config\\s+")) {
                if (!setting.isBlank()) {
                    configs.put(setting.substring(0, setting.indexOf('=')), setting.substring(setting.indexOf('=') + 1));
                }
            }
            created.put(matcher.group(2), matcher.group(3) + "/" + matcher.group(4) + " " + configs);
        }
        assertEquals(expected, created, "topics as the service's TopicCreator would make them (snapshots compacted)");
        assertEquals(script.lines().filter(l -> !l.isBlank()).count(), created.size(), "every line creates a topic");
        assertEquals("apache/kafka:4.3.1", service("topics").path("image").asText());
    }

    @Test
    void shouldConfigureAValidSingleNodeKraftBrokerOfTheClientsVersion() {
        JsonNode broker0 = service("kafka");
        assertEquals("apache/kafka:" + org.apache.kafka.common.utils.AppInfoParser.getVersion(),
                broker0.path("image").asText(), "the broker image matches the Kafka clients in the jar");
        Map<String, String> environment = DeployFiles.stringMap(broker0.path("environment"));
        Uuid.fromString(environment.get("CLUSTER_ID"));
        Properties broker = brokerProperties(environment);
        Set<String> known = kafka.server.KafkaConfig.configDef().names();
        List<String> unknown = broker.stringPropertyNames().stream().filter(k -> !known.contains(k)).sorted().toList();
        assertEquals(List.of(), unknown, "KAFKA_* variables that are no broker setting");
        kafka.server.KafkaConfig config = kafka.server.KafkaConfig.fromProps(broker);
        assertEquals(1, config.nodeId());
        assertEquals(Set.of("broker", "controller"), new LinkedHashSet<>(List.of(broker.getProperty("process.roles").split(","))));
        for (String setting : List.of("offsets.topic.replication.factor", "transaction.state.log.replication.factor",
                "transaction.state.log.min.isr", "share.coordinator.state.topic.replication.factor",
                "share.coordinator.state.topic.min.isr")) {
            assertEquals("1", broker.getProperty(setting), setting + " on a single broker");
        }
        assertTrue(broker.getProperty("advertised.listeners").contains("//kafka:19092"),
                "containers reach the broker at the address the service and producer use");
    }

    /**
     * The apache/kafka image's mapping of variables to server.properties: drop {@code KAFKA_}, lower case,
     * {@code ___} → {@code -}, {@code __} → {@code _}, {@code _} → {@code .}.
     */
    static Properties brokerProperties(Map<String, String> environment) {
        Properties properties = new Properties();
        environment.forEach((name, value) -> {
            if (name.startsWith("KAFKA_")) {
                String key = name.substring("KAFKA_".length()).toLowerCase(Locale.ROOT)
                        .replace("___", "-").replace("__", "\u0000").replace('_', '.').replace('\u0000', '_');
                properties.setProperty(key, value);
            }
        });
        return properties;
    }

    @Test
    void shouldExposeTheMetricsPortTheImageExposesOnEachReplica() {
        for (String replica : REPLICAS) {
            List<Integer> targets = new ArrayList<>();
            service(replica).path("ports").forEach(p -> targets.add(p.isObject() ? p.path("target").asInt()
                    : Integer.parseInt(p.asText().replaceAll("/.*", "").replaceAll(".*:", ""))));
            assertEquals(List.of(DeployFiles.METRICS_PORT), targets, replica + " publishes its metrics port");
            assertTrue(service(replica).path("stop_grace_period").asText().endsWith("s"));
        }
    }

    @Test
    void shouldRunThreeReplicasWithOneApplicationIdAndAStaticIdAndVolumeEach() {
        assertEquals(List.of(), ComposeReplicaCheck.problems(rendered));
    }

    @Test
    void shouldReportAReplicaAboveThePartitionCount() {
        JsonNode broken = rendered.deepCopy();
        ObjectNode fourth = ((ObjectNode) broken.path("services")).putObject("streammtl-3");
        fourth.setAll((ObjectNode) service("streammtl-2").deepCopy());
        ((ObjectNode) fourth.path("environment")).put("KAFKA_GROUP_INSTANCE_ID", "streammtl-3");
        fourth.putArray("volumes").add("streammtl-3-data:/data:rw");
        fourth.remove("ports");
        assertProblem(broken, "4 serve replicas [streammtl-0, streammtl-1, streammtl-2, streammtl-3] but"
                + " kafka.partitions is 3");
    }

    @Test
    void shouldReportAReplicaWithoutAStaticIdOrWithAnotherReplicasIdOrVolume() {
        JsonNode missing = rendered.deepCopy();
        ((ObjectNode) missing.at("/services/streammtl-1/environment")).remove("KAFKA_GROUP_INSTANCE_ID");
        assertProblem(missing, "streammtl-1: no static member id (KAFKA_GROUP_INSTANCE_ID)");
        JsonNode sameId = rendered.deepCopy();
        ((ObjectNode) sameId.at("/services/streammtl-2/environment")).put("KAFKA_GROUP_INSTANCE_ID", "streammtl-0");
        assertProblem(sameId, "streammtl-2: KAFKA_GROUP_INSTANCE_ID streammtl-0 is also streammtl-0's");
        JsonNode sameVolume = rendered.deepCopy();
        ((ObjectNode) sameVolume.at("/services/streammtl-1")).putArray("volumes").add("streammtl-0-data:/data:rw");
        assertProblem(sameVolume, "streammtl-1: state volume streammtl-0-data is also streammtl-0's");
    }

    @Test
    void shouldReportReplicasOfDifferentApplicationIds() {
        JsonNode broken = rendered.deepCopy();
        ((ObjectNode) broken.at("/services/streammtl-2")).putArray("command").add("serve").add("--config")
                .add("/etc/streammtl/housing.yaml");
        assertProblem(broken, "serve replicas run different application ids");
    }

    private static void assertProblem(JsonNode broken, String expected) {
        List<String> problems = ComposeReplicaCheck.problems(broken);
        assertTrue(problems.stream().anyMatch(p -> p.contains(expected)), "expected '" + expected + "' in " + problems);
    }

    private static Set<String> iterable(java.util.Iterator<String> names) {
        Set<String> out = new TreeSet<>();
        names.forEachRemaining(out::add);
        return out;
    }
}
