package io.teamtalkj.client;

import io.teamtalkj.pdu.MiniJson;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;

/**
 * Finds a msg-server the way TeamTalk clients do: HTTP GET on the login-server's
 * {@code /msg_server} URL, JSON reply {@code {"code":0, "priorIP":"...", "backupIP":"...",
 * "port":"8000", ...}} (port is a JSON string there; a number is accepted too).
 */
final class Discovery {
    /** One HTTP client for every TeamTalkClient in the JVM: the load tester runs thousands. */
    private static volatile HttpClient shared;
    /** One per trust context (https to a login-server with its own CA); few: configurations share theirs. */
    private static final Map<SSLContext, HttpClient> byTrust = new ConcurrentHashMap<>();

    private Discovery() {
    }

    private static HttpClient http(SSLContext trust) {
        return trust == null ? http() : byTrust.computeIfAbsent(trust, t -> builder().sslContext(t).build());
    }

    // HTTP/1.1 only: no h2c upgrade headers, which TeamTalk's tiny HTTP parser never expected
    private static HttpClient.Builder builder() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(10));
    }

    private static HttpClient http() {
        HttpClient c = shared;
        if (c == null) {
            synchronized (Discovery.class) {
                c = shared;
                if (c == null) {
                    c = builder().build();
                    shared = c;
                }
            }
        }
        return c;
    }

    /** As {@link #resolve(String, Duration, SSLContext)} with the JVM's default trust for https. */
    static CompletableFuture<InetSocketAddress> resolve(String url, Duration timeout) {
        return resolve(url, timeout, null);
    }

    /**
     * Completes (on an HTTP client thread) with the msg-server address, or a {@link DiscoveryException};
     * an https URL is verified against {@code trust} (null = the JVM's trust store).
     */
    static CompletableFuture<InetSocketAddress> resolve(String url, Duration timeout, SSLContext trust) {
        return resolve(url, timeout, trust, false);
    }

    /** With {@code webSocket}, the address of the reply's {@code wsUrl} (the msg-server's WebSocket port). */
    static CompletableFuture<InetSocketAddress> resolve(String url, Duration timeout, SSLContext trust, boolean webSocket) {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build();
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new DiscoveryException("bad login-server URL " + url, e));
        }
        return http(trust).sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((response, error) -> {
                    if (error != null) {
                        Throwable cause = error instanceof CompletionException && error.getCause() != null
                                ? error.getCause() : error;
                        String what = cause instanceof TimeoutException ? "timed out after " + timeout.toMillis() + " ms"
                                : cause.toString();
                        throw new DiscoveryException("login server " + url + " unreachable: " + what, cause);
                    }
                    return webSocket ? parseWebSocketReply(url, response.statusCode(), response.body())
                            : parseReply(url, response.statusCode(), response.body());
                });
    }

    /** Host and port of the reply's {@code wsUrl}; a reply without one means the msg-server has no WebSocket. */
    static InetSocketAddress parseWebSocketReply(String url, int status, String body) {
        parseReply(url, status, body); // the same checks (HTTP status, code) first
        Object ws = ((Map<?, ?>) MiniJson.parse(body)).get("wsUrl");
        URI uri;
        try {
            uri = ws == null ? null : URI.create(String.valueOf(ws));
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null || uri.getPort() < 1) {
            throw new DiscoveryException("login server " + url + " gave no usable wsUrl (" + ws + ")", 0);
        }
        return InetSocketAddress.createUnresolved(uri.getHost(), uri.getPort());
    }

    static InetSocketAddress parseReply(String url, int status, String body) {
        if (status != 200) {
            throw new DiscoveryException("login server " + url + " answered HTTP " + status, -1);
        }
        Object parsed;
        try {
            parsed = MiniJson.parse(body);
        } catch (IllegalArgumentException e) {
            throw new DiscoveryException("login server " + url + " sent unreadable JSON: " + e.getMessage(), e);
        }
        if (!(parsed instanceof Map)) {
            throw new DiscoveryException("login server " + url + " sent no JSON object", -1);
        }
        Map<?, ?> json = (Map<?, ?>) parsed;
        int code = intValue(json.get("code"), -1);
        String msg = json.get("msg") == null ? "" : String.valueOf(json.get("msg"));
        if (code != 0) {
            String meaning = code == 1 ? "no msg-server available" : code == 2 ? "all msg-servers are full" : "refused";
            throw new DiscoveryException("login server " + url + ": code " + code + " (" + meaning + ")"
                    + (msg.isEmpty() ? "" : ": " + msg), code);
        }
        String host = stringValue(json.get("priorIP"));
        if (host.isEmpty()) {
            host = stringValue(json.get("backupIP"));
        }
        int port = intValue(json.get("port"), -1);
        if (host.isEmpty() || port < 1 || port > 65535) {
            throw new DiscoveryException("login server " + url + " gave no usable address (priorIP '" + host
                    + "', port " + json.get("port") + ")", code);
        }
        return InetSocketAddress.createUnresolved(host, port);
    }

    private static String stringValue(Object v) {
        return v == null ? "" : String.valueOf(v).trim();
    }

    private static int intValue(Object v, int fallback) {
        if (v instanceof Number) {
            return ((Number) v).intValue();
        }
        if (v instanceof String) {
            try {
                return Integer.parseInt(((String) v).trim());
            } catch (NumberFormatException e) {
                return fallback;
            }
        }
        return fallback;
    }
}
