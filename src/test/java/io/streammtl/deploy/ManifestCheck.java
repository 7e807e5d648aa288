package io.streammtl.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.streammtl.config.ModelConfigLoader;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A focused schema check of rendered Kubernetes objects (kubeconform is not available here): the fields that
 * decide whether the service starts and is watched, not every field of the API. Checked: apiVersion/kind pairs
 * and DNS-1123 names; one namespace; StatefulSet selector ⊆ pod labels, serviceName → a headless Service;
 * probe paths (startup and liveness /health/live, readiness /health/ready) and probe ports → a container port;
 * volume mounts → a volume or volume claim template, no mount path twice; configMap volumes → a ConfigMap in
 * the output, with the keys they list; resource requests (cpu, memory) and a memory limit; a non-root
 * security context without privilege escalation; termination grace above the service's 30 s close;
 * KAFKA_GROUP_INSTANCE_ID from the pod name; STREAMMTL_DATA_DIR on a claimed volume; replicas at most the
 * kafka.partitions of the spec the pod serves (--config, in a mounted ConfigMap); Service selector and
 * target ports → pods and their ports; PodMonitor selector → pods, its port → a container port, path /metrics.
 * Not checked: field types and unknown fields in general, quantities' syntax, image existence, CRD presence.
 */
final class ManifestCheck {
    private static final Map<String, Set<String>> KINDS = Map.of(
            "v1", Set.of("ConfigMap", "Service", "Namespace"),
            "apps/v1", Set.of("StatefulSet"),
            "monitoring.coreos.com/v1", Set.of("PodMonitor"));
    private static final Pattern DNS_1123 = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    /** Kafka Streams' close waits up to 30 s (StreamService#close); the pod must be given longer. */
    private static final int CLOSE_SECONDS = 30;

    private final List<JsonNode> objects;
    private final List<String> problems = new ArrayList<>();

    private ManifestCheck(List<JsonNode> objects) {
        this.objects = objects;
    }

    static List<String> problems(List<JsonNode> objects) {
        ManifestCheck check = new ManifestCheck(objects);
        check.run();
        return check.problems;
    }

    private void problem(String where, String what) {
        problems.add(where + ": " + what);
    }

    private static String id(JsonNode object) {
        return object.path("kind").asText() + "/" + object.path("metadata").path("name").asText();
    }

    private List<JsonNode> ofKind(String kind) {
        return objects.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
    }

    private void run() {
        Set<String> namespaces = new HashSet<>();
        for (JsonNode object : objects) {
            String apiVersion = object.path("apiVersion").asText();
            String kind = object.path("kind").asText();
            if (!KINDS.getOrDefault(apiVersion, Set.of()).contains(kind)) {
                problem(id(object), "unexpected apiVersion/kind " + apiVersion + "/" + kind);
            }
            String name = object.path("metadata").path("name").asText();
            if (name.length() > 63 || !DNS_1123.matcher(name).matches()) {
                problem(id(object), "name is not a DNS-1123 label: '" + name + "'");
            }
            if (!kind.equals("Namespace")) {
                namespaces.add(object.path("metadata").path("namespace").asText(""));
            }
        }
        if (namespaces.size() > 1) {
            problem("objects", "more than one namespace: " + namespaces);
        }
        ofKind("Namespace").forEach(ns -> {
            if (!namespaces.contains(ns.path("metadata").path("name").asText())) {
                problem(id(ns), "no object lives in it");
            }
        });
        ofKind("StatefulSet").forEach(this::checkStatefulSet);
        ofKind("Service").forEach(this::checkService);
        ofKind("PodMonitor").forEach(this::checkPodMonitor);
    }

    private static Map<String, String> labels(JsonNode node) {
        return DeployFiles.stringMap(node);
    }

    private static boolean selects(Map<String, String> selector, Map<String, String> labels) {
        return !selector.isEmpty() && labels.entrySet().containsAll(selector.entrySet());
    }

    private List<JsonNode> podTemplates() {
        return ofKind("StatefulSet").stream().map(s -> s.path("spec").path("template")).toList();
    }

    private static Map<String, Integer> containerPorts(JsonNode podSpec) {
        Map<String, Integer> ports = new TreeMap<>();
        for (JsonNode container : podSpec.path("containers")) {
            for (JsonNode port : container.path("ports")) {
                ports.put(port.path("name").asText(String.valueOf(port.path("containerPort").asInt())),
                        port.path("containerPort").asInt());
            }
        }
        return ports;
    }

    private static boolean portMatches(JsonNode port, Map<String, Integer> ports) {
        return port.isInt() ? ports.containsValue(port.asInt()) : ports.containsKey(port.asText());
    }

    private void checkStatefulSet(JsonNode set) {
        String where = id(set);
        JsonNode spec = set.path("spec");
        JsonNode template = spec.path("template");
        Map<String, String> podLabels = labels(template.path("metadata").path("labels"));
        if (!selects(labels(spec.path("selector").path("matchLabels")), podLabels)) {
            problem(where, "selector " + spec.path("selector") + " does not match the pod labels " + podLabels);
        }
        String serviceName = spec.path("serviceName").asText();
        boolean headless = ofKind("Service").stream().anyMatch(s -> s.path("metadata").path("name").asText()
                .equals(serviceName) && s.path("spec").path("clusterIP").asText().equals("None"));
        if (!headless) {
            problem(where, "serviceName '" + serviceName + "' names no headless Service");
        }
        JsonNode podSpec = template.path("spec");
        if (podSpec.path("terminationGracePeriodSeconds").asInt(30) <= CLOSE_SECONDS) {
            problem(where, "terminationGracePeriodSeconds must exceed the " + CLOSE_SECONDS + " s close");
        }
        JsonNode podSecurity = podSpec.path("securityContext");
        if (!podSecurity.path("runAsNonRoot").asBoolean() || podSecurity.path("runAsUser").asInt(0) <= 0) {
            problem(where, "pod securityContext must set runAsNonRoot and a non-zero runAsUser");
        }
        Set<String> volumes = new HashSet<>();
        Set<String> claims = new HashSet<>();
        podSpec.path("volumes").forEach(v -> volumes.add(v.path("name").asText()));
        spec.path("volumeClaimTemplates").forEach(v -> claims.add(v.path("metadata").path("name").asText()));
        for (JsonNode volume : podSpec.path("volumes")) {
            if (volume.has("configMap")) {
                checkConfigMapReference(where + " volume " + volume.path("name").asText(), volume.path("configMap"));
            }
        }
        Map<String, Integer> ports = containerPorts(podSpec);
        if (podSpec.path("containers").isEmpty()) {
            problem(where, "no containers");
        }
        for (JsonNode container : podSpec.path("containers")) {
            String at = where + " container " + container.path("name").asText();
            checkProbe(at, container, "startupProbe", "/health/live", ports);
            checkProbe(at, container, "readinessProbe", "/health/ready", ports);
            checkProbe(at, container, "livenessProbe", "/health/live", ports);
            JsonNode resources = container.path("resources");
            for (String path : List.of("requests/cpu", "requests/memory", "limits/memory")) {
                if (resources.at("/" + path).asText().isEmpty()) {
                    problem(at, "resources." + path.replace('/', '.') + " is not set");
                }
            }
            if (container.path("securityContext").path("allowPrivilegeEscalation").asBoolean(true)) {
                problem(at, "securityContext.allowPrivilegeEscalation must be false");
            }
            Set<String> mountPaths = new HashSet<>();
            Map<String, String> claimedPaths = new TreeMap<>();
            for (JsonNode mount : container.path("volumeMounts")) {
                String name = mount.path("name").asText();
                String path = mount.path("mountPath").asText();
                if (!volumes.contains(name) && !claims.contains(name)) {
                    problem(at, "volumeMount '" + name + "' names no volume or volume claim template");
                }
                if (!mountPaths.add(path)) {
                    problem(at, "mountPath " + path + " mounted twice");
                }
                if (claims.contains(name)) {
                    claimedPaths.put(path, name);
                }
            }
            Map<String, JsonNode> env = new TreeMap<>();
            container.path("env").forEach(e -> env.put(e.path("name").asText(), e));
            String instance = env.getOrDefault("KAFKA_GROUP_INSTANCE_ID", com.fasterxml.jackson.databind.node.MissingNode
                    .getInstance()).at("/valueFrom/fieldRef/fieldPath").asText();
            if (!instance.equals("metadata.name")) {
                problem(at, "KAFKA_GROUP_INSTANCE_ID must come from the pod name (fieldRef metadata.name)");
            }
            String dataDir = env.containsKey("STREAMMTL_DATA_DIR") ? env.get("STREAMMTL_DATA_DIR").path("value").asText() : "";
            if (!claimedPaths.containsKey(dataDir)) {
                problem(at, "STREAMMTL_DATA_DIR '" + dataDir + "' is not a persistent volume mount " + claimedPaths.keySet());
            }
            checkReplicasWithinPartitions(at, spec.path("replicas").asInt(1), container, podSpec);
        }
    }

    /** More pods than input partitions leave a pod without a task: it would learn nothing and take no load. */
    private void checkReplicasWithinPartitions(String where, int replicas, JsonNode container, JsonNode podSpec) {
        List<String> args = DeployFiles.strings(container.path("args"));
        int at = args.indexOf("--config");
        String config = at < 0 || at + 1 >= args.size() ? "" : args.get(at + 1);
        String spec = null;
        for (JsonNode mount : container.path("volumeMounts")) {
            String prefix = mount.path("mountPath").asText() + "/";
            if (!config.startsWith(prefix)) {
                continue;
            }
            for (JsonNode volume : podSpec.path("volumes")) {
                if (volume.path("name").asText().equals(mount.path("name").asText()) && volume.has("configMap")) {
                    spec = configMapData(volume.path("configMap").path("name").asText(), config.substring(prefix.length()));
                }
            }
        }
        if (spec == null) {
            problem(where, "--config '" + config + "' is no key of a mounted, rendered ConfigMap");
            return;
        }
        int partitions = ModelConfigLoader.parse(spec).kafka().partitions();
        if (replicas > partitions) {
            problem(where, "replicas " + replicas + " above kafka.partitions " + partitions + " of " + config
                    + ": a pod beyond the partitions owns no task");
        }
    }

    private String configMapData(String name, String key) {
        return ofKind("ConfigMap").stream().filter(c -> c.path("metadata").path("name").asText().equals(name))
                .map(c -> c.path("data").path(key)).filter(JsonNode::isTextual).map(JsonNode::asText)
                .findFirst().orElse(null);
    }

    private void checkProbe(String where, JsonNode container, String probe, String path, Map<String, Integer> ports) {
        JsonNode httpGet = container.path(probe).path("httpGet");
        if (httpGet.isMissingNode()) {
            problem(where, probe + " is missing (an httpGet on " + path + ")");
            return;
        }
        if (!httpGet.path("path").asText().equals(path)) {
            problem(where, probe + " path " + httpGet.path("path").asText() + ", expected " + path);
        }
        if (!portMatches(httpGet.path("port"), ports)) {
            problem(where, probe + " port " + httpGet.path("port") + " is no container port " + ports);
        }
    }

    private void checkConfigMapReference(String where, JsonNode reference) {
        String name = reference.path("name").asText();
        JsonNode map = ofKind("ConfigMap").stream().filter(c -> c.path("metadata").path("name").asText().equals(name))
                .findFirst().orElse(null);
        if (map == null) {
            problem(where, "configMap '" + name + "' is not among the rendered objects");
            return;
        }
        for (JsonNode item : reference.path("items")) {
            if (!map.path("data").has(item.path("key").asText())) {
                problem(where, "configMap '" + name + "' has no key " + item.path("key").asText());
            }
        }
    }

    private void checkService(JsonNode service) {
        String where = id(service);
        Map<String, String> selector = labels(service.path("spec").path("selector"));
        List<JsonNode> pods = podTemplates().stream()
                .filter(t -> selects(selector, labels(t.path("metadata").path("labels")))).toList();
        if (pods.isEmpty()) {
            problem(where, "selector " + selector + " matches no pod template");
            return;
        }
        for (JsonNode port : service.path("spec").path("ports")) {
            JsonNode target = port.has("targetPort") ? port.path("targetPort") : port.path("port");
            if (pods.stream().noneMatch(t -> portMatches(target, containerPorts(t.path("spec"))))) {
                problem(where, "targetPort " + target + " is no container port of the selected pods");
            }
        }
    }

    private void checkPodMonitor(JsonNode monitor) {
        String where = id(monitor);
        JsonNode spec = monitor.path("spec");
        Map<String, String> selector = labels(spec.path("selector").path("matchLabels"));
        List<JsonNode> pods = podTemplates().stream()
                .filter(t -> selects(selector, labels(t.path("metadata").path("labels")))).toList();
        if (pods.isEmpty()) {
            problem(where, "selector " + selector + " matches no pod template");
            return;
        }
        if (spec.has("jobLabel") && pods.stream().noneMatch(t -> t.path("metadata").path("labels").has(spec.path("jobLabel").asText()))) {
            problem(where, "jobLabel " + spec.path("jobLabel").asText() + " is no pod label");
        }
        if (spec.path("podMetricsEndpoints").isEmpty()) {
            problem(where, "no podMetricsEndpoints");
        }
        for (JsonNode endpoint : spec.path("podMetricsEndpoints")) {
            if (pods.stream().noneMatch(t -> containerPorts(t.path("spec")).containsKey(endpoint.path("port").asText()))) {
                problem(where, "port '" + endpoint.path("port").asText() + "' is no named container port");
            }
            if (!endpoint.path("path").asText().equals("/metrics")) {
                problem(where, "path " + endpoint.path("path").asText() + ", expected /metrics");
            }
        }
    }
}
