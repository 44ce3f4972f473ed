package io.teamtalkj.push.provider;

import com.google.gson.JsonObject;
import io.teamtalkj.push.Notification;
import io.teamtalkj.push.Outcome;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * POSTs each push as JSON to one URL, for vendor push services and for people who run their own.
 * The body (documented in the README, section Push):
 * <pre>{"id":"uuid","user_id":1,"platform":"ios","token":"…","device_id":"iphone-1","alert":"nick: text","badge":3,
 *  "silent":false,"quiet":false,"collapse_id":"s-1-2","msg_id":7,"from_user_id":2,
 *  "session_id":2,"session_type":"single","data":"{\"msg_type\":1,\"from_id\":2}"}</pre>
 * Header {@code X-TeamTalk-Signature: sha256=<hex HMAC-SHA256 of the body with the shared
 * secret>} lets the receiver check the sender; {@code X-TeamTalk-Push-Id} repeats "id" (the same
 * on retries, so the receiver can drop duplicates). Answers: 2xx delivered; 404 or 410 the token
 * is invalid (removed); 429/5xx retried; anything else failed. One HTTP client, so connections
 * are kept alive and reused.
 */
public final class WebhookProvider implements PushProvider {
    public static final String SIGNATURE_HEADER = "X-TeamTalk-Signature";
    public static final String ID_HEADER = "X-TeamTalk-Push-Id";

    private final URI url;
    private final byte[] secret;
    private final HttpClient http;
    private final Duration requestTimeout;

    public WebhookProvider(URI url, String secret, Duration requestTimeout, Executor executor) {
        if (url.getScheme() == null || !(url.getScheme().equals("http") || url.getScheme().equals("https"))
                || url.getHost() == null) {
            throw new IllegalArgumentException("--webhook-url must be an http:// or https:// URL (got " + url + ")");
        }
        this.url = url;
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(requestTimeout)
                .executor(executor).build();
    }

    @Override
    public String name() {
        return "webhook";
    }

    @Override
    public String app() {
        return url.getHost();
    }

    @Override
    public InetSocketAddress endpoint() {
        int port = url.getPort() >= 0 ? url.getPort() : url.getScheme().equals("https") ? 443 : 80;
        return InetSocketAddress.createUnresolved(url.getHost(), port);
    }

    /** Keeps one id per notification so every retry carries the same one. */
    @Override
    public CompletableFuture<Outcome> send(Notification n) {
        String id = UUID.nameUUIDFromBytes((n.userId() + "/" + n.token() + "/" + n.msgId() + "/" + n.sessionId() + "/"
                + n.sessionType()).getBytes(StandardCharsets.UTF_8)).toString();
        byte[] body = body(id, n).getBytes(StandardCharsets.UTF_8);
        HttpRequest req = HttpRequest.newBuilder(url)
                .timeout(requestTimeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .header(SIGNATURE_HEADER, "sha256=" + sign(secret, body))
                .header(ID_HEADER, id)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return http.sendAsync(req, HttpResponse.BodyHandlers.ofString()).handle((rsp, err) -> {
            if (err != null) {
                return Outcome.retry(String.valueOf(err.getCause() != null ? err.getCause() : err), null);
            }
            int status = rsp.statusCode();
            if (status / 100 == 2) {
                return Outcome.delivered();
            }
            if (status == 404 || status == 410) {
                return Outcome.invalidToken("HTTP " + status);
            }
            if (HttpOutcomes.retryable(status)) {
                return HttpOutcomes.retry(rsp);
            }
            return Outcome.failed("HTTP " + status + " " + HttpOutcomes.brief(rsp.body()));
        });
    }

    /** The documented JSON body. */
    public static String body(String id, Notification n) {
        JsonObject o = new JsonObject();
        o.addProperty("id", id);
        o.addProperty("user_id", Integer.toUnsignedLong(n.userId()));
        o.addProperty("platform", n.platformName());
        o.addProperty("token", n.token());
        o.addProperty("device_id", n.deviceId());
        o.addProperty("alert", n.alert());
        o.addProperty("badge", n.badge());
        o.addProperty("silent", n.silent());
        o.addProperty("quiet", n.quiet());
        o.addProperty("collapse_id", n.collapseId());
        o.addProperty("msg_id", Integer.toUnsignedLong(n.msgId()));
        o.addProperty("from_user_id", Integer.toUnsignedLong(n.fromUserId()));
        o.addProperty("session_id", Integer.toUnsignedLong(n.sessionId()));
        o.addProperty("session_type", n.sessionType() == 2 ? "group" : "single");
        o.addProperty("data", n.data());
        return o.toString();
    }

    /** Lower-case hex HMAC-SHA256 of {@code body} with {@code secret}. */
    public static String sign(byte[] secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            // an empty secret is allowed (signature still proves integrity of nothing); the JDK refuses empty keys
            mac.init(new SecretKeySpec(secret.length == 0 ? new byte[1] : secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    @Override
    public void close() {
        // the JDK client (17) has no close; its connections end with the executor's threads
    }
}
