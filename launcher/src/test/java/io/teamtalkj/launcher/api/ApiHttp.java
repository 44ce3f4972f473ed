package io.teamtalkj.launcher.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.teamtalkj.api.Json;
import io.teamtalkj.api.auth.Signature;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** A signing HTTP client of the api-server, as an application would write one (tests only). */
final class ApiHttp {
    /** One answer: status, body text, and its JSON when it is JSON. */
    record Answer(int status, String body, String contentType) {
        JsonNode json() {
            return Json.tree(body);
        }

        String errorCode() {
            return json().path("error_code").asText();
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    final String appKey;
    final String secret;
    /** When set, the HMAC key used instead of hex(SHA-256(secret)) (what a copied database row would give). */
    byte[] rawSigningKey;
    /** Seconds added to the clock when signing (to send stale timestamps). */
    long skewSeconds;
    /** When set, the signature sent instead of the right one. */
    String forcedSignature;
    /** When set, the nonce sent (signed) instead of a fresh one: to replay a request. */
    String forcedNonce;
    final Map<String, String> extraHeaders = new LinkedHashMap<>();

    /** `teamtalk admin app add NAME OPTIONS` against the cluster's dbproxy; waits until the api-server knows the key. */
    static ApiHttp addApp(io.teamtalkj.launcher.cluster.LocalCluster cluster, String name, String... options) {
        java.util.List<String> argv = new java.util.ArrayList<>(java.util.List.of("admin", "--dbproxy-control",
                "127.0.0.1:" + cluster.dbProxy().controlPort(), "app", "add", name));
        argv.addAll(java.util.List.of(options));
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine cmd = io.teamtalkj.launcher.TeamTalk.commandLine();
        cmd.setOut(new java.io.PrintWriter(out, true));
        cmd.setErr(new java.io.PrintWriter(err, true));
        org.assertj.core.api.Assertions.assertThat(cmd.execute(argv.toArray(String[]::new))).as(err.toString()).isZero();
        String key = outputLine(out.toString(), "key:");
        String secret = outputLine(out.toString(), "secret:");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> cluster.apiServer().apps().byKeyReloading(key) != null);
        return new ApiHttp(cluster.apiServer().port(), key, secret);
    }

    /** The value after PREFIX on the first line of the admin command's output starting with it. */
    static String outputLine(String out, String prefix) {
        return out.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow().substring(prefix.length()).strip();
    }

    /** The same app's client, against another api-server. */
    ApiHttp on(int otherPort) {
        return new ApiHttp(otherPort, appKey, secret);
    }

    ApiHttp(int port, String appKey, String secret) {
        this.base = "http://127.0.0.1:" + port;
        this.appKey = appKey;
        this.secret = secret;
    }

    Answer get(String pathAndQuery) throws Exception {
        return send("GET", pathAndQuery, new byte[0], true);
    }

    Answer post(String path, String json) throws Exception {
        return send("POST", path, json.getBytes(StandardCharsets.UTF_8), true);
    }

    Answer put(String path, String json) throws Exception {
        return send("PUT", path, json.getBytes(StandardCharsets.UTF_8), true);
    }

    /** Without any signature headers. */
    Answer unsigned(String method, String path, String json) throws Exception {
        return send(method, path, json.getBytes(StandardCharsets.UTF_8), false);
    }

    Answer send(String method, String pathAndQuery, byte[] body, boolean sign) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(20))
                .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (body.length > 0) {
            b.header("Content-Type", "application/json");
        }
        if (sign) {
            String ts = Long.toString(System.currentTimeMillis() / 1000 + skewSeconds);
            String nonce = forcedNonce != null ? forcedNonce : Signature.newNonce();
            b.header(Signature.APP_KEY, appKey).header(Signature.TIMESTAMP, ts).header(Signature.NONCE, nonce)
                    .header(Signature.SIGNATURE, forcedSignature != null ? forcedSignature
                            : rawSigningKey != null ? Signature.sign(rawSigningKey,
                                    Signature.stringToSign(method, pathAndQuery, ts, nonce, body))
                            : Signature.signWithSecret(secret, method, pathAndQuery, ts, nonce, body));
        }
        extraHeaders.forEach(b::header);
        HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Answer(r.statusCode(), new String(r.body(), StandardCharsets.UTF_8),
                r.headers().firstValue("Content-Type").orElse(""));
    }
}
