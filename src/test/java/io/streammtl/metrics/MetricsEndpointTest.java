package io.streammtl.metrics;

import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricsEndpointTest {
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(MetricsEndpoint endpoint, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldServeMetricsAndAnswerProbesFromTheStreamsState() throws Exception {
        MetricRegistry registry = new MetricRegistry();
        registry.counter("streammtl_test_things_total", "Things.", "task").labels("a").inc(3);
        AtomicReference<KafkaStreams.State> state = new AtomicReference<>(KafkaStreams.State.REBALANCING);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        StreamHealth health = new StreamHealth();
        try (MetricsEndpoint endpoint = MetricsEndpoint.start(0, registry, health)) {
            assertEquals(200, get(endpoint, "/health/live").statusCode(), "live while starting");
            assertEquals(503, get(endpoint, "/health/ready").statusCode(), "not ready before a service is attached");
            health.attach(state::get, failure::get);

            HttpResponse<String> metrics = get(endpoint, "/metrics");
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
            assertTrue(metrics.body().contains("streammtl_test_things_total{task=\"a\",} 3.0"), metrics.body());
            assertTrue(!metrics.body().contains("_created"), "no _created series");

            assertEquals(200, get(endpoint, "/health/live").statusCode());
            assertEquals(503, get(endpoint, "/health/ready").statusCode(), "rebalancing is not ready");
            state.set(KafkaStreams.State.RUNNING);
            assertEquals(200, get(endpoint, "/health/ready").statusCode());
            state.set(KafkaStreams.State.ERROR);
            HttpResponse<String> dead = get(endpoint, "/health/live");
            assertEquals(503, dead.statusCode());
            assertTrue(dead.body().contains("ERROR"), dead.body());
            assertEquals(503, get(endpoint, "/health/ready").statusCode());
            state.set(KafkaStreams.State.RUNNING);
            failure.set(new IllegalStateException("boom"));
            assertEquals(503, get(endpoint, "/health/live").statusCode(), "a failed stream thread fails liveness");

            assertEquals(404, get(endpoint, "/").statusCode());
            assertEquals(404, get(endpoint, "/metricsx").statusCode());
            assertEquals(405, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port()
                    + "/metrics")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
        }
    }

    @Test
    void shouldAnswerPostPredictWithTheHandlerOnceTheServiceHasStarted() throws Exception {
        try (MetricsEndpoint endpoint = MetricsEndpoint.start(0, new MetricRegistry(), new StreamHealth())) {
            URI predict = URI.create("http://127.0.0.1:" + endpoint.port() + "/predict");
            HttpRequest post = HttpRequest.newBuilder(predict).POST(HttpRequest.BodyPublishers.ofString("{\"a\": 1}"))
                    .build();
            assertEquals(503, http.send(post, HttpResponse.BodyHandlers.ofString()).statusCode(), "service starting");
            endpoint.predictWith(body -> new io.streammtl.stream.RestResponse(200,
                    ("{\"echo\": " + new String(body, java.nio.charset.StandardCharsets.UTF_8) + "}")
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            HttpResponse<String> answer = http.send(post, HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode());
            assertEquals("application/json", answer.headers().firstValue("Content-Type").orElse(""));
            assertEquals("{\"echo\": {\"a\": 1}}", answer.body());
            assertEquals(405, get(endpoint, "/predict").statusCode(), "GET /predict");
            HttpRequest huge = HttpRequest.newBuilder(predict).POST(HttpRequest.BodyPublishers.ofByteArray(
                    new byte[MetricsEndpoint.MAX_REQUEST_BYTES + 1])).build();
            assertEquals(413, http.send(huge, HttpResponse.BodyHandlers.ofString()).statusCode());
        }
    }

    /**
     * Without TCP_NODELAY the JDK server's two writes (headers, then body) leave the body to Nagle's algorithm, which
     * waits for the client's delayed ACK: about 40 ms on every keep-alive request (measured in
     * docs/measurements/2026-12-07-predict-http.md). The JDK server reads the switch once, so the test checks that
     * starting an endpoint sets it, rather than timing requests.
     */
    @Test
    void shouldTurnOnTcpNoDelayBeforeTheHttpServerReadsItsSettings() throws Exception {
        try (MetricsEndpoint endpoint = MetricsEndpoint.start(0, new MetricRegistry(), new StreamHealth())) {
            assertEquals("true", System.getProperty("sun.net.httpserver.nodelay"));
            assertEquals(200, get(endpoint, "/health/live").statusCode());
        }
    }

    @Test
    void shouldAnswerAHealthProbeWhileAPredictionIsStillBeingAnswered() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (MetricsEndpoint endpoint = MetricsEndpoint.start(0, new MetricRegistry(), new StreamHealth())) {
            endpoint.predictWith(body -> {
                entered.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new io.streammtl.stream.RestResponse(200, "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            });
            CompletableFuture<HttpResponse<String>> slow = http.sendAsync(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + endpoint.port() + "/predict"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(entered.await(30, TimeUnit.SECONDS), "the /predict reached its handler");
            HttpResponse<String> live = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + endpoint.port() + "/health/live")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, live.statusCode(), "the probe did not wait for the held /predict");
            assertTrue(!slow.isDone(), "the /predict is still held");
            release.countDown();
            assertEquals(200, slow.get(30, TimeUnit.SECONDS).statusCode());
        }
    }
}
