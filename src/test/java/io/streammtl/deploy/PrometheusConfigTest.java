package io.streammtl.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.streammtl.testing.ExternalTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.streammtl.deploy.DeployFiles.ROOT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * deploy/prometheus/prometheus.yml: promtool accepts it (with its rule file), and it scrapes the compose service
 * on the metrics port under the job name the alert rules and the Kubernetes PodMonitor use.
 */
class PrometheusConfigTest {
    private static final Path DIRECTORY = ROOT.resolve("deploy/prometheus");
    private static final Path CONFIG = DIRECTORY.resolve("prometheus.yml");
    private static final Path ALERTS = DIRECTORY.resolve("alerts.yml");

    private static DeployFiles.Result check(Path config) throws Exception {
        Path promtool = ExternalTool.require("promtool", "apt-get install prometheus");
        return DeployFiles.run(List.of(promtool.toString(), "check", "config", config.toString()));
    }

    @Test
    void shouldPassPromtoolCheckConfigWithItsRuleFile() throws Exception {
        assertTrue(Files.exists(ALERTS), "the rule file prometheus.yml loads");
        DeployFiles.Result result = check(CONFIG);
        assertEquals(0, result.code(), result.output());
        assertTrue(result.output().contains("SUCCESS"), result.output());
        assertTrue(result.output().contains("alerts.yml"), "promtool checked the rules too: " + result.output());
    }

    @Test
    void shouldFailPromtoolCheckConfigOnABrokenFile(@TempDir Path dir) throws Exception {
        Path broken = dir.resolve("prometheus.yml");
        Files.writeString(broken, Files.readString(CONFIG).replace("scrape_interval: 15s", "scrape_interval: fifteen"));
        Files.writeString(dir.resolve("alerts.yml"), "groups: []\n");
        DeployFiles.Result result = check(broken);
        assertNotEquals(0, result.code(), "promtool must reject a bad duration: " + result.output());
    }

    @Test
    void shouldScrapeTheComposeServiceOnTheMetricsPortAndLoadTheAlerts() throws Exception {
        JsonNode config = DeployFiles.yaml(CONFIG);
        assertEquals(List.of("alerts.yml"), DeployFiles.strings(config.path("rule_files")));
        assertTrue(config.path("global").path("evaluation_interval").isTextual(), "evaluation interval set");
        JsonNode job = null;
        for (JsonNode scrape : config.path("scrape_configs")) {
            if (scrape.path("job_name").asText().equals("streammtl")) {
                job = scrape;
            }
        }
        assertTrue(job != null, "a scrape job named streammtl (the alert rules select job=\"streammtl\")");
        assertEquals("/metrics", job.path("metrics_path").asText("/metrics"));
        List<String> targets = DeployFiles.strings(job.path("static_configs").path(0).path("targets"));
        JsonNode compose = DeployFiles.yaml(ROOT.resolve("docker-compose.yml"));
        List<String> replicas = new ArrayList<>();
        compose.path("services").fields().forEachRemaining(e -> {
            if (e.getKey().startsWith("streammtl-")) {
                replicas.add(e.getKey() + ":" + DeployFiles.METRICS_PORT);
            }
        });
        assertEquals(3, replicas.size(), "the compose replicas streammtl-0, -1 and -2");
        assertEquals(replicas, targets, "every replica of the service is scraped, by its compose service name");
    }
}
