package io.streammtl.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streammtl.avro.LabelEvent;
import io.streammtl.avro.LabeledEvent;
import io.streammtl.config.ServiceConfig;
import io.streammtl.config.ModelConfigLoader;
import io.streammtl.data.DataFiles;
import io.streammtl.data.csv.CsvReader;
import io.streammtl.stream.Codecs;
import io.streammtl.stream.CsvEvents;
import io.streammtl.stream.EventProducer;
import io.streammtl.stream.StreamService;
import io.streammtl.stream.broker.EmbeddedKafkaBroker;
import io.streammtl.testing.ExternalTool;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The service on a real (embedded) Kafka broker with the wine model, its metrics scraped every second by a real
 * Prometheus that also loads the alert rules; then every query of every committed dashboard (panel targets,
 * template variables, annotations) must return data, {@code promtool check metrics} must find nothing in a live
 * scrape, and every alert rule must evaluate without error. A concept flip on the binary task provokes a drift,
 * so the drift annotation has something to show. A second service runs the wine spec with champion and challengers
 * ({@code auto:}), so that the model board's row of them has data.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 6, unit = TimeUnit.MINUTES)
@Tag("integration")
class PrometheusDashboardsTest {
    /** Grafana's variables as the test substitutes them: every value of a label, and short windows for 1 s scrapes. */
    private static final Map<String, String> VARIABLES = Map.of(
            "$__rate_interval", "10s", "$__interval", "5s", "$__range", "10m",
            "$model", ".+", "$instance", ".+", "$task", ".+", "$metric", ".+");

    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
    static Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private EmbeddedKafkaBroker broker;
    private StreamService service;
    private MetricsEndpoint endpoint;
    private StreamService autoService;
    private MetricsEndpoint autoEndpoint;
    private Process prometheus;
    private String prometheusUrl;
    private long startSeconds;

    @BeforeAll
    void startEverything() throws Exception {
        Path binary = ExternalTool.require("prometheus", "apt-get install prometheus");
        startSeconds = Instant.now().getEpochSecond() - 5;
        String spec;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("config/wine.yaml")) {
            spec = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // The binary task gets a drift detector, and its labels come later on a labels topic (delayed labels).
        String withDrift = spec.replace("    label: {column: quality, threshold: 6}\n",
                "    label: {column: quality, threshold: 6}\n    drift: {detector: adwin}\n    label_ttl: 1h\n")
                + "labels: {topics: [unused]}\n";
        assertFalse(withDrift.equals(spec), "the wine spec's binary task gained a drift detector");
        ServiceConfig base = ModelConfigLoader.parse(withDrift);
        String run = "prom-" + Long.toString(System.currentTimeMillis(), 36);
        ServiceConfig model = base.withKafka(base.kafka().forRun("streammtl-" + run, run + "-events", run, Map.of()));
        model = model.withLabels(model.labels().forRun(run + "-labels", model.kafka().applicationId()));

        broker = EmbeddedKafkaBroker.start(dir.resolve("broker"));
        ServiceMetrics metrics = new ServiceMetrics(model.model());
        endpoint = MetricsEndpoint.start(0, metrics.registry(), metrics.health());
        service = StreamService.start(model, broker.bootstrapServers(), dir.resolve("state"),
                metrics, metrics.joinListener(), Map.of());
        metrics.attach(service);
        assertTrue(service.awaitRunning(Duration.ofMinutes(2)), "service running: " + service.failure());
        ServiceConfig autoBase = ModelConfigLoader.parse(spec.replace("name: wine\n", "name: wine-auto\n")
                + "auto: {variants: [{lr: 0.0001, name: slow}], max_live: 2, window: 100, min_examples: 100}\n");
        ServiceConfig auto = autoBase.withKafka(autoBase.kafka().forRun("streammtl-auto-" + run, run + "-auto-events",
                run + "-auto", Map.of()));
        ServiceMetrics autoMetrics = new ServiceMetrics(auto.model());
        autoEndpoint = MetricsEndpoint.start(0, autoMetrics.registry(), autoMetrics.health());
        autoService = StreamService.start(auto, broker.bootstrapServers(), dir.resolve("state-auto"), autoMetrics,
                autoMetrics.joinListener(), Map.of());
        autoMetrics.attach(autoService);
        assertTrue(autoService.awaitRunning(Duration.ofMinutes(2)), "auto service running: " + autoService.failure());

        int port = freePort();
        prometheusUrl = "http://127.0.0.1:" + port;
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files:
                  - %s
                scrape_configs:
                  - job_name: streammtl
                    static_configs:
                      - targets: ["127.0.0.1:%d", "127.0.0.1:%d"]
                """.formatted(Path.of("deploy/prometheus/alerts.yml").toAbsolutePath(), endpoint.port(),
                autoEndpoint.port()));
        prometheus = new ProcessBuilder(binary.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        await("Prometheus ready", Duration.ofSeconds(60), () -> {
            try {
                return http.send(HttpRequest.newBuilder(URI.create(prometheusUrl + "/-/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });

        // Counters must be seen at zero first: Prometheus takes no increase from a series' first sample.
        await("a first scrape of the idle service", Duration.ofSeconds(60),
                () -> !query("streammtl_drift_events_total{level=\"drift\"} == 0").isEmpty());
        // Two passes as labeled, then two with the binary concept flipped (good ↔ not good), and a few bad records.
        List<LabeledEvent> rows;
        try (CsvReader reader = DataFiles.open("classpath:data/wine/red-train.csv", model.csv())) {
            rows = CsvEvents.readAll(model.model(), reader, "red-train:", "default");
        }
        Codecs codecs = Codecs.create();
        // The good labels go to the labels topic five events after their event.
        java.util.ArrayDeque<LabelEvent> later = new java.util.ArrayDeque<>();
        try (EventProducer producer = new EventProducer(broker.bootstrapServers(), run + "-events", codecs.events());
             EventProducer labelProducer = new EventProducer(broker.bootstrapServers(), run + "-labels",
                     codecs.events())) {
            for (int pass = 0; pass < 4; pass++) {
                for (LabeledEvent row : rows) {
                    Map<String, Object> labels = new HashMap<>(row.getLabels());
                    double good = (Double) labels.remove("good");
                    String id = "p" + pass + ":" + row.getId();
                    producer.send(LabeledEvent.newBuilder(row).setId(id).setEventTime(Instant.now()).setLabels(labels)
                            .build());
                    later.add(LabelEvent.newBuilder().setId(id).setLabels(Map.of("good", pass >= 2 ? 1.0 - good : good))
                            .setLabelTime(Instant.now()).build());
                    if (later.size() > 5) {
                        labelProducer.sendRaw(id, codecs.labels().encode(later.poll()));
                    }
                }
            }
            while (!later.isEmpty()) {
                labelProducer.sendRaw("last", codecs.labels().encode(later.poll()));
            }
            labelProducer.flush();
            for (int i = 0; i < 5; i++) {
                producer.sendRaw("default", ("not an event " + i).getBytes(StandardCharsets.UTF_8));
            }
            producer.flush();
        }
        try (EventProducer producer = new EventProducer(broker.bootstrapServers(), run + "-auto-events",
                codecs.events())) {
            for (int pass = 0; pass < 2; pass++) {
                for (LabeledEvent row : rows) {
                    producer.send(LabeledEvent.newBuilder(row).setId("a" + pass + ":" + row.getId())
                            .setEventTime(Instant.now()).build());
                }
            }
            producer.flush();
        }
        long expected = 4L * rows.size() / model.model().training().batchSize() * model.model().training().batchSize();
        await("all events trained on and a drift, as Prometheus sees them", Duration.ofMinutes(3), () ->
                !query("streammtl_events_total{outcome=\"trained\"} >= " + expected).isEmpty()
                        && !query("streammtl_events_total{outcome=\"dead_lettered\"} >= 5").isEmpty()
                        && !query("streammtl_drift_events_total{level=\"drift\"} > 0").isEmpty()
                        && !query("streammtl_labels_joined_total >= " + (expected - 64)).isEmpty()
                        && !query("streammtl_auto_variant_loss{model=\"wine-auto\"}").isEmpty());
        // A few more scrapes so that rates over the last seconds have two points after the last change.
        Thread.sleep(3_000);
    }

    @AfterAll
    void stopEverything() throws Exception {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(20, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly().waitFor();
            }
        }
        for (AutoCloseable closeable : new AutoCloseable[] {service, endpoint, autoService, autoEndpoint}) {
            if (closeable != null) {
                closeable.close();
            }
        }
        if (broker != null) {
            broker.close();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private interface Check {
        boolean done() throws Exception;
    }

    private static void await(String what, Duration timeout, Check check) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!check.done()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(500);
        }
    }

    private JsonNode api(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(prometheusUrl + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = json.readTree(response.body());
        assertEquals("success", body.path("status").asText(), path + " -> " + response.body());
        return body.path("data");
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private JsonNode query(String expr) throws Exception {
        return api("/api/v1/query?query=" + encode(expr)).path("result");
    }

    /** The expression over the whole run, as Grafana asks for a panel: a range query at 1 s steps. */
    private JsonNode queryRange(String expr) throws Exception {
        long end = Instant.now().getEpochSecond();
        return api("/api/v1/query_range?query=" + encode(expr) + "&start=" + startSeconds + "&end=" + end + "&step=1")
                .path("result");
    }

    private static String substitute(String expr) {
        String out = expr;
        for (Map.Entry<String, String> variable : VARIABLES.entrySet()) {
            out = out.replace("${" + variable.getKey().substring(1) + "}", variable.getValue())
                    .replace(variable.getKey(), variable.getValue());
        }
        assertFalse(out.contains("$"), "a Grafana variable left unsubstituted in " + out);
        return out;
    }

    private List<JsonNode> dashboards() throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String name : List.of("overview", "tasks", "model")) {
            out.add(json.readTree(Path.of("deploy/grafana/dashboards", name + ".json").toFile()));
        }
        return out;
    }

    @Test
    void shouldReturnDataForEveryPanelQueryOfEveryDashboard() throws Exception {
        List<String> empty = new ArrayList<>();
        int checked = 0;
        for (JsonNode dashboard : dashboards()) {
            for (JsonNode panel : dashboard.path("panels")) {
                for (JsonNode target : panel.path("targets")) {
                    String expr = substitute(target.path("expr").asText());
                    checked++;
                    if (queryRange(expr).isEmpty()) {
                        empty.add(dashboard.path("title").asText() + " / " + panel.path("title").asText() + ": " + expr);
                    }
                }
            }
        }
        assertTrue(checked >= 30, "all dashboards' targets were checked: " + checked);
        assertEquals(List.of(), empty, "panel queries without data");
    }

    @Test
    void shouldReturnDataForEveryAnnotationQuery() throws Exception {
        int checked = 0;
        for (JsonNode dashboard : dashboards()) {
            for (JsonNode annotation : dashboard.path("annotations").path("list")) {
                if (!annotation.has("expr")) {
                    continue;
                }
                String expr = substitute(annotation.path("expr").asText());
                checked++;
                assertFalse(queryRange(expr).isEmpty(), annotation.path("name").asText() + ": " + expr);
            }
        }
        assertEquals(1, checked, "the tasks board's drift annotation");
    }

    @Test
    void shouldFindSeriesForEveryTemplateVariable() throws Exception {
        Pattern labelValues = Pattern.compile("label_values\\((.*),\\s*(\\w+)\\)");
        int checked = 0;
        for (JsonNode dashboard : dashboards()) {
            for (JsonNode variable : dashboard.path("templating").path("list")) {
                Matcher m = labelValues.matcher(variable.path("query").path("query").asText());
                assertTrue(m.matches(), "variable " + variable.path("name").asText() + " is a label_values query");
                JsonNode series = query(substitute(m.group(1)));
                boolean found = false;
                for (JsonNode s : series) {
                    found |= s.path("metric").has(m.group(2));
                }
                assertTrue(found, dashboard.path("title").asText() + " $" + variable.path("name").asText());
                checked++;
            }
        }
        assertEquals(6, checked);
    }

    @Test
    void shouldPassPromtoolCheckMetricsOnALiveScrape() throws Exception {
        checkScrape(endpoint, List.of("streammtl_events_total", "streammtl_kafka_consumer_fetch_manager_records_lag",
                "streammtl_kafka_stream_thread_commit_latency_avg", "jvm_memory_bytes_used",
                "streammtl_native_memory_bytes", "streammtl_task_prequential", "streammtl_drift_level"));
        checkScrape(autoEndpoint, List.of("streammtl_auto_promotions_total", "streammtl_auto_prunes_total",
                "streammtl_auto_live_variants", "streammtl_auto_variant_loss", "streammtl_auto_champion_info"));
    }

    /** The endpoint's scrape has every one of {@code families} and nothing {@code promtool check metrics} objects to. */
    private void checkScrape(MetricsEndpoint scraped, List<String> families) throws Exception {
        Path promtool = ExternalTool.require("promtool", "apt-get install prometheus");
        HttpResponse<byte[]> scrape = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + scraped.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, scrape.statusCode());
        String text = new String(scrape.body(), StandardCharsets.UTF_8);
        for (String family : families) {
            assertTrue(text.contains("\n" + family + "{") || text.contains("\n" + family + " "), family);
        }
        Process check = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        check.getOutputStream().write(scrape.body());
        check.getOutputStream().close();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(check.waitFor(60, TimeUnit.SECONDS));
        assertEquals("", output.trim(), "promtool check metrics complaints");
        assertEquals(0, check.exitValue());
    }

    @Test
    void shouldEvaluateEveryAlertRuleWithoutErrorOnRealSeries() throws Exception {
        await("every rule evaluated", Duration.ofSeconds(30), () -> {
            for (JsonNode group : api("/api/v1/rules").path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    if (rule.path("health").asText().equals("unknown")) {
                        return false;
                    }
                }
            }
            return true;
        });
        List<String> names = new ArrayList<>();
        for (JsonNode group : api("/api/v1/rules").path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                assertEquals("ok", rule.path("health").asText(), rule.path("name").asText() + ": "
                        + rule.path("lastError").asText());
                names.add(rule.path("name").asText());
            }
        }
        assertEquals(List.of("StreammtlDown", "StreammtlNoProgress", "StreammtlConsumerLagGrowing",
                "StreammtlDeadLetterRateHigh", "StreammtlDriftDetected", "StreammtlQualityBelowFloor"), names);
        // The provoked drift is recent, so its alert is active (firing at once: the rule has no 'for').
        assertFalse(query("ALERTS{alertname=\"StreammtlDriftDetected\", task=\"good\"}").isEmpty());
    }

    @Test
    void shouldAnswerTheHealthProbes() throws Exception {
        for (String path : List.of("/health/live", "/health/ready")) {
            assertEquals(200, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + path))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode(), path);
        }
        assertFalse(query("up{job=\"streammtl\"} == 1").isEmpty(), "Prometheus scrapes the service");
    }
}
