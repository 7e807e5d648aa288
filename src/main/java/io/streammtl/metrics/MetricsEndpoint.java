package io.streammtl.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The service's one HTTP port: {@code /metrics} (Prometheus text format), {@code /health/live} and
 * {@code /health/ready} (200 or 503 with a one-line reason); every other path is 404. Served by the JDK's HTTP
 * server on one daemon thread.
 */
public final class MetricsEndpoint implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;

    private MetricsEndpoint(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Listens on all interfaces at {@code port} (0: any free port, see {@link #port()}). */
    public static MetricsEndpoint start(int port, MetricRegistry registry, HealthCheck health) throws IOException {
        return start(new InetSocketAddress(port), registry, health);
    }

    public static MetricsEndpoint start(InetSocketAddress address, MetricRegistry registry, HealthCheck health)
            throws IOException {
        HttpServer server = HttpServer.create(address, 16);
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "streammtl-metrics-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            try (exchange) {
                handle(exchange, registry, health);
            }
        });
        server.start();
        return new MetricsEndpoint(server, executor);
    }

    private static void handle(HttpExchange exchange, MetricRegistry registry, HealthCheck health) throws IOException {
        String method = exchange.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            respond(exchange, 405, "text/plain; charset=utf-8", "only GET and HEAD\n".getBytes(StandardCharsets.UTF_8));
            return;
        }
        switch (exchange.getRequestURI().getPath()) {
            case "/metrics" -> {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
                try (Writer writer = new OutputStreamWriter(bytes, StandardCharsets.UTF_8)) {
                    registry.write(writer);
                }
                respond(exchange, 200, MetricRegistry.CONTENT_TYPE, bytes.toByteArray());
            }
            case "/health/live" -> status(exchange, health.live());
            case "/health/ready" -> status(exchange, health.ready());
            default -> respond(exchange, 404, "text/plain; charset=utf-8",
                    "not found; try /metrics, /health/live or /health/ready\n".getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void status(HttpExchange exchange, HealthCheck.Status status) throws IOException {
        respond(exchange, status.ok() ? 200 : 503, "text/plain; charset=utf-8",
                ((status.ok() ? "ok: " : "failing: ") + status.detail() + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static void respond(HttpExchange exchange, int code, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(code, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** The port listened on. */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
