package io.teamtalkj.msgserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.teamtalkj.dbproxy.DbProxyConfig;
import io.teamtalkj.dbproxy.DbProxyServer;
import io.teamtalkj.dbproxy.testing.EmbeddedStorage;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** HTTP /health and /ready on the metrics ports follow the dbproxy a msg-server depends on. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class HealthEndpointsIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static HttpResponse<String> get(int port, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError("GET " + path + " on " + port + " failed", e);
        }
    }

    @Test
    void readyFlipsWhenTheOnlyDbproxyStopsAndComesBackOnItsPort() throws Exception {
        DbProxyConfig dbConfig = EmbeddedStorage.freshConfig();
        DbProxyServer first = DbProxyServer.start(dbConfig);
        DbProxyServer running = first;
        MsgServerConfig c = new MsgServerConfig();
        c.listenHost = "127.0.0.1";
        c.port = 0;
        c.hostName = "ms-ready";
        c.controlPort = -1;
        c.metricsPort = 0;
        c.dbProxies = new ArrayList<>(List.of(InetSocketAddress.createUnresolved("127.0.0.1", first.port())));
        c.loginServers = new ArrayList<>();
        c.routeServers = new ArrayList<>();
        // a "file-server" that never answers as one (the dbproxy's gRPC port): degraded, never unready
        c.fileServers = new ArrayList<>(List.of(InetSocketAddress.createUnresolved("127.0.0.1", first.controlPort())));
        try (MsgServer ms = MsgServer.start(c)) {
            int metrics = ms.metricsPort();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(get(metrics, "/ready").statusCode())
                    .isEqualTo(200));
            assertThat(get(metrics, "/ready").body()).startsWith("{\"ready\":true,\"tier\":\"msg-server\"")
                    .contains("{\"name\":\"dbproxy\",\"state\":\"up\",\"detail\":\"1 of 1 dbproxy links up\"}",
                            "{\"name\":\"route\",\"state\":\"up\",\"detail\":\"running alone\"}",
                            "{\"name\":\"file\",\"state\":\"degraded\",\"detail\":\"no file-server link up\"}");
            HttpResponse<String> dbReady = get(first.metricsPort(), "/ready");
            assertThat(dbReady.statusCode()).as(dbReady.body()).isEqualTo(200);
            assertThat(dbReady.body()).contains("{\"name\":\"mysql\",\"state\":\"up\"", "{\"name\":\"redis\",\"state\":\"up\"");

            int dbPort = first.port();
            running = null;
            first.close();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(get(metrics, "/ready").statusCode())
                    .isEqualTo(503));
            assertThat(get(metrics, "/ready").body()).startsWith("{\"ready\":false")
                    .contains("{\"name\":\"dbproxy\",\"state\":\"down\",\"detail\":\"0 of 1 dbproxy links up\"}");
            assertThat(get(metrics, "/health").statusCode()).as("alive all the same").isEqualTo(200);

            dbConfig.port = dbPort;
            running = DbProxyServer.start(dbConfig);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(get(metrics, "/ready").statusCode())
                    .isEqualTo(200));
        } finally {
            if (running != null) {
                running.close();
            }
        }
    }
}
