package io.teamtalkj.control;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.teamtalkj.control.proto.HealthCheckResponse;
import io.teamtalkj.control.proto.ServingStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tier's HTTP port for operators, on the JDK's built-in HTTP server with one thread of its own
 * (a scrape or probe every few seconds needs nothing more, and it stays off the event loops):
 * <ul>
 *   <li>{@code GET /metrics}: Prometheus text format;</li>
 *   <li>{@code GET /health}: liveness, 200 while the process serves HTTP at all;</li>
 *   <li>{@code GET /ready}: readiness from the tier's {@link TierHealthService} checks, 200 when
 *       SERVING and 503 otherwise, with a JSON body listing each dependency and its state.</li>
 * </ul>
 */
public final class MetricsHttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MetricsHttpServer.class);
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final String TEXT = "text/plain; charset=utf-8";
    private static final String JSON = "application/json";

    private final HttpServer server;
    private final ExecutorService executor;

    private MetricsHttpServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Serves {@code scrape.get()} at {@code http://host:port/metrics} and {@code health} at
     * {@code /health} and {@code /ready}.
     *
     * @param name the tier, for the thread name and the log line
     */
    public static MetricsHttpServer start(String name, String host, int port, Supplier<String> scrape,
                                          TierHealthService health) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 16);
        server.createContext("/", exchange -> {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                    reply(exchange, 405, TEXT, "GET only\n");
                    return;
                }
                switch (path) {
                    case "/metrics" -> reply(exchange, 200, CONTENT_TYPE, scrape.get());
                    case "/health" -> reply(exchange, 200, JSON, HealthJson.liveness(health));
                    case "/ready" -> {
                        HealthCheckResponse rsp = health.check("");
                        reply(exchange, rsp.getStatus() == ServingStatus.SERVING ? 200 : 503, JSON,
                                HealthJson.readiness(health, rsp));
                    }
                    default -> reply(exchange, 404, TEXT, "not found; try /metrics, /health or /ready\n");
                }
            } catch (RuntimeException e) {
                log.warn("{} failed", exchange.getRequestURI().getPath(), e);
            }
        });
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name + "-metrics-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.start();
        log.info("{} metrics (Prometheus) on http://{}:{}/metrics, /health and /ready", name, host,
                server.getAddress().getPort());
        return new MetricsHttpServer(server, executor);
    }

    private static void reply(HttpExchange exchange, int status, String type, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
