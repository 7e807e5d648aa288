package io.streammtl.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Grafana provisioning files agree with each other: the datasource has the uid every panel names, the provider
 * loads the directory the dashboards are mounted at, and each dashboard is well formed (unique uid and panel ids,
 * a query per target). Whether the queries return data is {@link PrometheusDashboardsTest}'s job.
 */
class DashboardFilesTest {
    private static final Path GRAFANA = Path.of("deploy/grafana");
    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void shouldProvisionThePrometheusDatasourceWithTheFixedUid() throws IOException {
        JsonNode datasource = yaml.readTree(GRAFANA.resolve("provisioning/datasources/prometheus.yaml").toFile())
                .path("datasources").get(0);
        assertEquals("prometheus", datasource.path("uid").asText());
        assertEquals("prometheus", datasource.path("type").asText());
        assertEquals("http://prometheus:9090", datasource.path("url").asText());
    }

    @Test
    void shouldLoadDashboardsFromTheMountedDirectory() throws IOException {
        JsonNode provider = yaml.readTree(GRAFANA.resolve("provisioning/dashboards/streammtl.yaml").toFile())
                .path("providers").get(0);
        assertEquals("file", provider.path("type").asText());
        assertEquals("/var/lib/grafana/dashboards", provider.path("options").path("path").asText());
    }

    @Test
    void shouldGiveEveryPanelAndTargetTheProvisionedDatasourceAndAQuery() throws IOException {
        Set<String> uids = new HashSet<>();
        for (String name : List.of("overview", "tasks", "model")) {
            JsonNode dashboard = json.readTree(GRAFANA.resolve("dashboards/" + name + ".json").toFile());
            assertTrue(uids.add(dashboard.path("uid").asText()), "unique dashboard uid in " + name);
            Set<Integer> ids = new HashSet<>();
            int targets = 0;
            for (JsonNode panel : dashboard.path("panels")) {
                assertTrue(ids.add(panel.path("id").asInt()), name + ": duplicate panel id " + panel.path("id"));
                if (panel.path("type").asText().equals("row")) {
                    continue;
                }
                assertEquals("prometheus", panel.path("datasource").path("uid").asText(), name + " " + panel.path("title"));
                for (JsonNode target : panel.path("targets")) {
                    assertEquals("prometheus", target.path("datasource").path("uid").asText());
                    assertFalse(target.path("expr").asText().isBlank(), name + " " + panel.path("title"));
                    targets++;
                }
            }
            assertTrue(targets > 5, name + " has panels with queries");
            for (JsonNode variable : dashboard.path("templating").path("list")) {
                assertEquals("prometheus", variable.path("datasource").path("uid").asText());
            }
        }
    }
}
