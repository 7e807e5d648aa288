package io.streammtl.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.streammtl.config.KafkaConfig;
import io.streammtl.config.ModelConfigLoader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Checks the replicas of {@code serve} in a rendered docker-compose file: one application id, no more replicas than
 * the spec's partitions (a replica beyond them would own no task), and per replica its own static member id
 * ({@code KAFKA_GROUP_INSTANCE_ID}), its own state volume at the data directory and its own host port.
 */
final class ComposeReplicaCheck {
    /** Where docker-compose.yml mounts deploy/config in the streammtl containers. */
    static final String CONFIG_MOUNT = "/etc/streammtl/";

    private ComposeReplicaCheck() {
    }

    /** The services that run {@code serve}, by name. */
    static Map<String, JsonNode> serveServices(JsonNode rendered) {
        Map<String, JsonNode> serve = new TreeMap<>();
        rendered.path("services").fields().forEachRemaining(e -> {
            if (e.getValue().path("command").path(0).asText().equals("serve")) {
                serve.put(e.getKey(), e.getValue());
            }
        });
        return serve;
    }

    /** The spec file on the host that a service's {@code --config} names in the mounted deploy/config. */
    static Path specOnHost(JsonNode service) {
        List<String> args = DeployFiles.strings(service.path("command"));
        int at = args.indexOf("--config");
        String config = at < 0 || at + 1 >= args.size() ? "" : args.get(at + 1);
        if (!config.startsWith(CONFIG_MOUNT)) {
            throw new AssertionError("--config " + config + " does not lie in " + CONFIG_MOUNT);
        }
        return DeployFiles.ROOT.resolve("deploy/config").resolve(config.substring(CONFIG_MOUNT.length()));
    }

    static List<String> problems(JsonNode rendered) {
        List<String> problems = new ArrayList<>();
        Map<String, JsonNode> serve = serveServices(rendered);
        if (serve.isEmpty()) {
            return List.of("no service runs serve");
        }
        TreeSet<String> applicationIds = new TreeSet<>();
        int partitions = Integer.MAX_VALUE;
        Map<String, String> memberIds = new TreeMap<>();
        Map<String, String> dataVolumes = new TreeMap<>();
        Map<String, String> hostPorts = new TreeMap<>();
        for (Map.Entry<String, JsonNode> entry : serve.entrySet()) {
            String name = entry.getKey();
            JsonNode service = entry.getValue();
            KafkaConfig kafka = ModelConfigLoader.load(specOnHost(service)).kafka();
            applicationIds.add(kafka.applicationId());
            partitions = Math.min(partitions, kafka.partitions());
            Map<String, String> environment = DeployFiles.stringMap(service.path("environment"));
            String memberId = environment.getOrDefault("KAFKA_GROUP_INSTANCE_ID", "");
            if (memberId.isBlank()) {
                problems.add(name + ": no static member id (KAFKA_GROUP_INSTANCE_ID)");
            } else {
                claim(problems, memberIds, "KAFKA_GROUP_INSTANCE_ID " + memberId, name);
            }
            String dataDirectory = environment.getOrDefault("STREAMMTL_DATA_DIR", "");
            String volume = null;
            for (String mount : DeployFiles.strings(service.path("volumes"))) {
                String[] parts = mount.split(":");
                if (parts.length >= 2 && parts[1].equals(dataDirectory) && !parts[0].startsWith("/")) {
                    volume = parts[0];
                }
            }
            if (volume == null) {
                problems.add(name + ": STREAMMTL_DATA_DIR '" + dataDirectory + "' is not a named volume");
            } else {
                claim(problems, dataVolumes, "state volume " + volume, name);
            }
            for (JsonNode port : service.path("ports")) {
                claim(problems, hostPorts, "host port " + port.path("published").asText(), name);
            }
        }
        if (applicationIds.size() > 1) {
            problems.add("serve replicas run different application ids " + applicationIds
                    + ": each would train its own copy of the model");
        }
        if (serve.size() > partitions) {
            problems.add(serve.size() + " serve replicas " + serve.keySet() + " but kafka.partitions is " + partitions
                    + ": a replica beyond the partitions owns no task");
        }
        return problems;
    }

    private static void claim(List<String> problems, Map<String, String> owners, String what, String service) {
        String owner = owners.putIfAbsent(what, service);
        if (owner != null) {
            problems.add(service + ": " + what + " is also " + owner + "'s");
        }
    }
}
