package io.streammtl.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streammtl.config.ModelConfigLoader;
import io.streammtl.testing.ExternalTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

import static io.streammtl.deploy.DeployFiles.ROOT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * deploy/k8s, validated offline (no cluster here): {@code kubectl kustomize} renders the base and the production
 * overlay, the rendered objects pass {@link ManifestCheck} (which also proves it catches broken ones, a replica count
 * above the partitions or a missing static member id among them), the pod runs {@code serve} with the spec the
 * ConfigMap carries, and the overlay patches what it promises (three replicas).
 */
class KubernetesManifestTest {
    private static final String BASE = "deploy/k8s/base";
    private static final String PRODUCTION = "deploy/k8s/overlays/production";

    private static DeployFiles.Result kustomize(String directory) throws Exception {
        Path kubectl = ExternalTool.require("kubectl", "apt-get install kubernetes-client");
        return DeployFiles.run(List.of(kubectl.toString(), "kustomize", directory));
    }

    private static List<JsonNode> render(String directory) throws Exception {
        DeployFiles.Result result = kustomize(directory);
        assertEquals(0, result.code(), "kubectl kustomize " + directory + ": " + result.output());
        return DeployFiles.yamlDocuments(result.output());
    }

    private static JsonNode only(List<JsonNode> objects, String kind) {
        List<JsonNode> found = objects.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
        assertEquals(1, found.size(), "one " + kind);
        return found.get(0);
    }

    private static JsonNode container(List<JsonNode> objects) {
        JsonNode containers = only(objects, "StatefulSet").at("/spec/template/spec/containers");
        assertEquals(1, containers.size());
        return containers.get(0);
    }

    private static Map<String, String> plainEnvironment(JsonNode container) {
        Map<String, String> env = new TreeMap<>();
        container.path("env").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText("")));
        return env;
    }

    @Test
    void shouldRenderTheBaseAndTheProductionOverlay() throws Exception {
        assertEquals(Set.of("ConfigMap", "Service", "StatefulSet", "PodMonitor"), kinds(render(BASE)));
        assertEquals(Set.of("Namespace", "ConfigMap", "Service", "StatefulSet", "PodMonitor"), kinds(render(PRODUCTION)));
    }

    private static Set<String> kinds(List<JsonNode> objects) {
        Set<String> kinds = new TreeSet<>();
        objects.forEach(o -> kinds.add(o.path("kind").asText()));
        assertEquals(kinds.size(), objects.size(), "one object of each kind");
        return kinds;
    }

    @Test
    void shouldFailKustomizeOnAMissingResource(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("kustomization.yaml"), "resources:\n  - missing.yaml\n");
        assertNotEquals(0, kustomize(dir.toString()).code());
    }

    @Test
    void shouldPassTheManifestCheckInTheBaseAndTheOverlay() throws Exception {
        assertEquals(List.of(), ManifestCheck.problems(render(BASE)));
        assertEquals(List.of(), ManifestCheck.problems(render(PRODUCTION)));
    }

    @Test
    void shouldReportBrokenManifests() throws Exception {
        List<JsonNode> good = render(PRODUCTION);
        assertProblem(good, "readinessProbe path /ready", o -> statefulSetContainer(o).with("readinessProbe")
                .with("httpGet").put("path", "/ready"));
        assertProblem(good, "livenessProbe port", o -> statefulSetContainer(o).with("livenessProbe")
                .with("httpGet").put("port", "http"));
        assertProblem(good, "volumeMount 'state2'", o -> ((ObjectNode) statefulSetContainer(o).withArray("volumeMounts")
                .get(1)).put("name", "state2"));
        assertProblem(good, "configMap 'streammtl-config' is not among", o -> ((ObjectNode) o.get(3).at("/spec/template/spec/volumes/0/configMap"))
                .put("name", "streammtl-config"));
        assertProblem(good, "does not match the pod labels", o -> ((ObjectNode) o.get(3).at("/spec/selector/matchLabels"))
                .put("app.kubernetes.io/name", "other"));
        assertProblem(good, "KAFKA_GROUP_INSTANCE_ID", o -> {
            ArrayNode env = statefulSetContainer(o).withArray("env");
            for (int i = 0; i < env.size(); i++) {
                if (env.get(i).path("name").asText().equals("KAFKA_GROUP_INSTANCE_ID")) {
                    env.remove(i);
                    return;
                }
            }
        });
        assertProblem(good, "replicas 4 above kafka.partitions 3", o -> ((ObjectNode) o.get(3).path("spec"))
                .put("replicas", 4));
        assertProblem(good, "replicas 3 above kafka.partitions 1", o -> ((ArrayNode) statefulSetContainer(o)
                .path("args")).set(2, "/etc/streammtl/wine.yaml"));
        assertProblem(good, "Service/streammtl: targetPort", o -> ((ObjectNode) only(o, "Service").at("/spec/ports/0"))
                .put("targetPort", 9500));
        assertProblem(good, "PodMonitor/streammtl: port 'web'", o -> ((ObjectNode) only(o, "PodMonitor")
                .at("/spec/podMetricsEndpoints/0")).put("port", "web"));
    }

    private static ObjectNode statefulSetContainer(List<JsonNode> objects) {
        return (ObjectNode) only(objects, "StatefulSet").at("/spec/template/spec/containers/0");
    }

    private static void assertProblem(List<JsonNode> good, String expected, Consumer<List<JsonNode>> breakIt) {
        List<JsonNode> copy = new ArrayList<>();
        good.forEach(o -> copy.add(o.deepCopy()));
        assertEquals("StatefulSet", copy.get(3).path("kind").asText(), "render order: Namespace, ConfigMap, Service, StatefulSet");
        breakIt.accept(copy);
        List<String> problems = ManifestCheck.problems(copy);
        assertTrue(problems.stream().anyMatch(p -> p.contains(expected)), "expected a problem with '" + expected
                + "', got " + problems);
    }

    @Test
    void shouldServeTheSpecTheConfigMapCarries() throws Exception {
        List<JsonNode> objects = render(PRODUCTION);
        JsonNode container = container(objects);
        CommandLine.ParseResult serve = ServiceInvocation.parse(DeployFiles.strings(container.path("args")));
        assertEquals("serve", serve.commandSpec().name());
        assertEquals(List.of(), ServiceInvocation.unknownVariables(plainEnvironment(container)), "unknown variables");
        String config = serve.matchedOptionValue("--config", Path.of("")).toString();
        String mountPath = null;
        for (JsonNode mount : container.path("volumeMounts")) {
            if (mount.path("name").asText().equals("config")) {
                mountPath = mount.path("mountPath").asText();
            }
        }
        assertTrue(mountPath != null && config.startsWith(mountPath + "/"), config + " lies in the config mount");
        String key = config.substring(mountPath.length() + 1);
        JsonNode data = only(objects, "ConfigMap").path("data");
        assertEquals("wine-replicas.yaml", key);
        assertEquals(Files.readString(ROOT.resolve("deploy/config").resolve(key)), data.path(key).asText(),
                "the ConfigMap carries the spec from deploy/config unchanged");
        assertEquals("wine", ModelConfigLoader.parse(data.path(key).asText()).model().name());
    }

    @Test
    void shouldRunAsTheImageUserWithTheMetricsPortOfTheImage() throws Exception {
        JsonNode pod = only(render(BASE), "StatefulSet").at("/spec/template/spec");
        assertEquals(DockerfileTest.imageUser(), pod.at("/securityContext/runAsUser").asText(),
                "runAsUser is the image's user, whose home holds ND4J's native cache");
        assertEquals(DeployFiles.METRICS_PORT, pod.at("/containers/0/ports/0/containerPort").asInt());
        assertEquals("metrics", pod.at("/containers/0/ports/0/name").asText());
    }

    @Test
    void shouldPatchReplicasResourcesAndKafkaInTheOverlay() throws Exception {
        List<JsonNode> base = render(BASE);
        List<JsonNode> production = render(PRODUCTION);
        assertEquals(1, only(base, "StatefulSet").at("/spec/replicas").asInt());
        assertEquals(3, only(production, "StatefulSet").at("/spec/replicas").asInt());
        String baseServers = plainEnvironment(container(base)).get("STREAMMTL_BOOTSTRAP_SERVERS");
        String servers = plainEnvironment(container(production)).get("STREAMMTL_BOOTSTRAP_SERVERS");
        assertTrue(servers != null && !servers.isBlank() && !servers.equals(baseServers), servers);
        assertEquals("1", plainEnvironment(container(production)).get("KAFKA_NUM_STANDBY_REPLICAS"),
                "another pod keeps a standby of each task's stores");
        assertNotEquals(container(base).path("resources"), container(production).path("resources"));
        assertTrue(container(production).path("image").asText().startsWith("registry.example.com/streammtl:"));
        assertEquals("streammtl", only(production, "StatefulSet").at("/metadata/namespace").asText());
        assertEquals("app.kubernetes.io/name", only(production, "PodMonitor").at("/spec/jobLabel").asText(),
                "job=streammtl, as prometheus.yml names it for the alert rules");
    }
}
