package io.streammtl.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.streammtl.stream.RestResponse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The service's one HTTP port: {@code /metrics} (Prometheus text format), {@code /health/live} and
 * {@code /health/ready} (200 or 503 with a one-line reason), {@code POST /predict}; every other path is 404. Served
 * by the JDK's HTTP server on a small pool of daemon threads.
 */
public final class MetricsEndpoint implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;
    /** What answers {@code POST /predict}; null until the service has started (503 meanwhile). */
    private volatile Function<byte[], RestResponse> predictor;

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
        // The JDK server writes a response's headers and body separately; under Nagle's algorithm the body waits for
        // the client's delayed ACK, ~40 ms per keep-alive request. Read once, when the server's config class loads;
        // a -D setting of the JVM wins.
        System.getProperties().putIfAbsent("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(address, 16);
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, r -> {
            Thread thread = new Thread(r, "streammtl-http-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        MetricsEndpoint endpoint = new MetricsEndpoint(server, executor);
        server.createContext("/", exchange -> {
            try (exchange) {
                if (exchange.getRequestURI().getPath().equals("/predict")) {
                    endpoint.predict(exchange);
                } else {
                    handle(exchange, registry, health);
                }
            }
        });
        server.start();
        return endpoint;
    }

    /** Answers {@code POST /predict} with {@code handler} from now on. */
    public void predictWith(Function<byte[], RestResponse> handler) {
        this.predictor = handler;
    }

    private void predict(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestMethod().equals("POST")) {
            exchange.getResponseHeaders().set("Allow", "POST");
            respond(exchange, 405, "text/plain; charset=utf-8", "only POST\n".getBytes(StandardCharsets.UTF_8));
            return;
        }
        Function<byte[], RestResponse> handler = predictor;
        if (handler == null) {
            respond(exchange, 503, "application/json", "{\"error\":\"the service is starting\"}"
                    .getBytes(StandardCharsets.UTF_8));
            return;
        }
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_REQUEST_BYTES + 1);
        }
        if (body.length > MAX_REQUEST_BYTES) {
            respond(exchange, 413, "application/json", ("{\"error\":\"request above " + MAX_REQUEST_BYTES
                    + " bytes\"}").getBytes(StandardCharsets.UTF_8));
            return;
        }
        RestResponse response = handler.apply(body);
        respond(exchange, response.status(), "application/json", response.body());
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

    /**
     * Request threads: concurrent {@code /predict} requests parse, encode and write in parallel (only the model's
     * forward pass is serialised, per model), and a health probe or a scrape never queues behind them.
     */
    static final int THREADS = Math.max(4, Runtime.getRuntime().availableProcessors());

    /** Largest {@code /predict} request body accepted. */
    static final int MAX_REQUEST_BYTES = 1 << 20;

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
