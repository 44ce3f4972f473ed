package io.teamtalkj.launcher.api;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.teamtalkj.api.Json;
import io.teamtalkj.launcher.cluster.ClusterPorts;
import io.teamtalkj.launcher.cluster.LocalCluster;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A one-msg-server cluster whose push-server posts every push to a local webhook, recorded as JSON
 * in arrival order: what the API push ITs look at instead of a phone.
 */
final class WebhookCluster implements AutoCloseable {
    private final Queue<JsonNode> pushes = new ConcurrentLinkedQueue<>();
    private final Path dataDir;
    private final HttpServer webhook;
    private final ExecutorService hookThreads = Executors.newFixedThreadPool(2);
    private LocalCluster cluster;

    private WebhookCluster(String name) throws IOException {
        Path target = Path.of("target").toAbsolutePath();
        Files.createDirectories(target);
        dataDir = Files.createTempDirectory(target, name + "-");
        webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.setExecutor(hookThreads);
        webhook.createContext("/push", ex -> {
            pushes.add(Json.tree(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        webhook.start();
    }

    /** Started, with the api-server ready and the msg-server registered at the login-server. */
    static WebhookCluster start(String name) throws Exception {
        WebhookCluster c = new WebhookCluster(name);
        try {
            LocalCluster.Options o = new LocalCluster.Options();
            o.portBase = ClusterPorts.FREE_PORTS;
            o.dataDir = c.dataDir;
            o.seedDemoData = false;
            o.messageRateLimit = 0;
            o.msgServers = 1;
            o.routeServers = 1;
            o.pushWebhook = URI.create("http://127.0.0.1:" + c.webhook.getAddress().getPort() + "/push");
            c.cluster = LocalCluster.start(o);
            LocalCluster cluster = c.cluster;
            await().atMost(Duration.ofSeconds(30)).until(() -> cluster.apiServer().ready()
                    && cluster.loginServer().registry().size() == 1);
            return c;
        } catch (Exception | Error e) {
            c.close();
            throw e;
        }
    }

    LocalCluster cluster() {
        return cluster;
    }

    /** The webhook's bodies so far, in arrival order. */
    Queue<JsonNode> pushes() {
        return pushes;
    }

    @Override
    public void close() throws IOException {
        try {
            if (cluster != null) {
                cluster.close();
            }
        } finally {
            webhook.stop(0);
            hookThreads.shutdownNow();
            try (var walk = Files.walk(dataDir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
