package io.teamtalkj.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /metrics}, {@code /health} and {@code /ready} on a real loopback port. */
class MetricsHttpServerTest {
    private final AtomicBoolean redisUp = new AtomicBoolean(true);
    private final AtomicBoolean routeUp = new AtomicBoolean(true);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private TierHealthService health;
    private MetricsHttpServer server;

    @BeforeEach
    void start() throws Exception {
        health = new TierHealthService("dbproxy-server", "db-1")
                .addCheck("mysql", () -> TierHealthService.component("mysql", true, "pool 16"))
                .addCheck("redis", () -> TierHealthService.component("redis", redisUp.get(), "PING \"x\""))
                .addAdvisoryCheck("route", () -> TierHealthService.component("route", routeUp.get(), ""));
        server = MetricsHttpServer.start("test", "127.0.0.1", 0, () -> "# HELP x y\n", health);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void readyListsEveryDependencyAndFlipsWithThem() throws Exception {
        HttpResponse<String> ready = get("/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(ready.body()).startsWith("{\"ready\":true,\"tier\":\"dbproxy-server\",\"instance\":\"db-1\"")
                .contains("{\"name\":\"mysql\",\"state\":\"up\",\"detail\":\"pool 16\"}",
                        "{\"name\":\"redis\",\"state\":\"up\",\"detail\":\"PING \\\"x\\\"\"}");

        redisUp.set(false);
        ready = get("/ready");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).startsWith("{\"ready\":false").contains("{\"name\":\"redis\",\"state\":\"down\"");

        redisUp.set(true);
        assertThat(get("/ready").statusCode()).isEqualTo(200);
    }

    @Test
    void anAdvisoryDependencyDownIsDegradedButReady() throws Exception {
        routeUp.set(false);

        HttpResponse<String> ready = get("/ready");

        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("{\"name\":\"route\",\"state\":\"degraded\"");
    }

    @Test
    void healthIsLivenessOnlyAndReadyDrainsOnShutdown() throws Exception {
        redisUp.set(false);
        HttpResponse<String> live = get("/health");
        assertThat(live.statusCode()).as("liveness ignores dependencies").isEqualTo(200);
        assertThat(live.body()).startsWith("{\"alive\":true,\"tier\":\"dbproxy-server\",\"instance\":\"db-1\"");

        redisUp.set(true);
        health.markShuttingDown();
        assertThat(get("/ready").statusCode()).isEqualTo(503);
        assertThat(get("/health").statusCode()).isEqualTo(200);
    }

    @Test
    void metricsAndUnknownPaths() throws Exception {
        HttpResponse<String> metrics = get("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).isEqualTo("# HELP x y\n");
        assertThat(get("/nope").statusCode()).isEqualTo(404);
    }
}
