package io.teamtalkj.push.provider;

import com.google.gson.JsonObject;
import io.teamtalkj.push.Notification;
import io.teamtalkj.push.Outcome;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Firebase Cloud Messaging, HTTP v1 API: POST {endpoint}/v1/projects/{project}/messages:send with
 * a bearer token from {@link FcmAccessToken}. A visible push carries notification.body and
 * android.notification (notification_count = badge, tag = collapse id, no sound when quiet); a
 * silent one is data only. The data map always has msg_id, from_user_id, session_id,
 * session_type and TeamTalk's JSON under "data". Answers: 200 delivered; 404 or an UNREGISTERED
 * error the token is dead (removed); 401 drops the cached access token and retries; 429/5xx
 * retried; anything else failed.
 */
public final class FcmProvider implements PushProvider {
    public static final URI DEFAULT_ENDPOINT = URI.create("https://fcm.googleapis.com");

    private final FcmCredentials credentials;
    private final URI sendUri;
    private final URI endpoint;
    private final HttpClient http;
    private final FcmAccessToken accessToken;
    private final Duration timeout;

    public FcmProvider(FcmCredentials credentials, URI endpoint, Duration timeout, Executor executor, Clock clock) {
        this.credentials = credentials;
        this.endpoint = endpoint;
        this.sendUri = endpoint.resolve("/v1/projects/" + credentials.projectId() + "/messages:send");
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).executor(executor).build();
        this.accessToken = new FcmAccessToken(credentials, http, timeout, clock);
    }

    @Override
    public String name() {
        return "fcm";
    }

    @Override
    public String app() {
        return credentials.projectId();
    }

    @Override
    public InetSocketAddress endpoint() {
        int port = endpoint.getPort() >= 0 ? endpoint.getPort() : endpoint.getScheme().equals("https") ? 443 : 80;
        return InetSocketAddress.createUnresolved(endpoint.getHost(), port);
    }

    /** How many access tokens were fetched so far (one per hour when all is well). */
    public long tokenFetches() {
        return accessToken.fetches.sum();
    }

    @Override
    public CompletableFuture<Outcome> send(Notification n) {
        return accessToken.get().thenCompose(token -> post(token, n))
                .exceptionally(err -> Outcome.retry("access token: " + (err.getCause() != null ? err.getCause() : err), null));
    }

    private CompletableFuture<Outcome> post(String token, Notification n) {
        HttpRequest req = HttpRequest.newBuilder(sendUri).timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(message(n))).build();
        return http.sendAsync(req, HttpResponse.BodyHandlers.ofString()).handle((rsp, err) -> {
            if (err != null) {
                return Outcome.retry(String.valueOf(err.getCause() != null ? err.getCause() : err), null);
            }
            int status = rsp.statusCode();
            String body = rsp.body() == null ? "" : rsp.body();
            if (status == 200) {
                return Outcome.delivered();
            }
            if (status == 404 || body.contains("UNREGISTERED")) {
                return Outcome.invalidToken("HTTP " + status + " UNREGISTERED");
            }
            if (status == 401) {
                accessToken.invalidate(token);
                return Outcome.retry("HTTP 401: access token refused", Duration.ZERO);
            }
            if (HttpOutcomes.retryable(status)) {
                return HttpOutcomes.retry(rsp);
            }
            return Outcome.failed("HTTP " + status + " " + HttpOutcomes.brief(body));
        });
    }

    /** The v1 request body for one push. */
    static String message(Notification n) {
        JsonObject data = new JsonObject();
        data.addProperty("msg_id", Integer.toUnsignedString(n.msgId()));
        data.addProperty("from_user_id", Integer.toUnsignedString(n.fromUserId()));
        data.addProperty("session_id", Integer.toUnsignedString(n.sessionId()));
        data.addProperty("session_type", n.sessionType() == 2 ? "group" : "single");
        data.addProperty("badge", Integer.toString(n.badge()));
        data.addProperty("data", n.data());
        JsonObject android = new JsonObject();
        android.addProperty("priority", n.silent() ? "normal" : "high");
        if (!n.collapseId().isEmpty()) {
            android.addProperty("collapse_key", n.collapseId());
        }
        JsonObject message = new JsonObject();
        message.addProperty("token", n.token());
        message.add("data", data);
        if (!n.silent() && !n.alert().isEmpty()) {
            JsonObject notification = new JsonObject();
            notification.addProperty("body", n.alert());
            message.add("notification", notification);
            JsonObject androidNotification = new JsonObject();
            androidNotification.addProperty("notification_count", n.badge());
            if (!n.collapseId().isEmpty()) {
                androidNotification.addProperty("tag", n.collapseId());
            }
            if (!n.quiet()) {
                androidNotification.addProperty("default_sound", true);
            }
            android.add("notification", androidNotification);
        }
        message.add("android", android);
        JsonObject root = new JsonObject();
        root.add("message", message);
        return root.toString();
    }

    @Override
    public void close() {
    }
}
