package io.teamtalkj.push.provider;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;

/**
 * The OAuth2 access token FCM wants, fetched with the service account's signed assertion and
 * kept until a minute before it expires. Concurrent pushes share one fetch; a 401 from FCM
 * {@link #invalidate}s it.
 */
final class FcmAccessToken {
    /** Renew this long before expiry, so no push goes out with a token about to lapse. */
    static final Duration MARGIN = Duration.ofSeconds(60);

    private final FcmCredentials credentials;
    private final HttpClient http;
    private final Duration timeout;
    private final Clock clock;
    final LongAdder fetches = new LongAdder();
    private CompletableFuture<String> current;
    private long expiresAtMillis;

    FcmAccessToken(FcmCredentials credentials, HttpClient http, Duration timeout, Clock clock) {
        this.credentials = credentials;
        this.http = http;
        this.timeout = timeout;
        this.clock = clock;
    }

    synchronized CompletableFuture<String> get() {
        boolean fresh = current != null && (!current.isDone() || (!current.isCompletedExceptionally()
                && clock.millis() < expiresAtMillis - MARGIN.toMillis()));
        if (fresh) {
            return current;
        }
        fetches.increment();
        String form = "grant_type=" + URLEncoder.encode("urn:ietf:params:oauth:grant-type:jwt-bearer", StandardCharsets.UTF_8)
                + "&assertion=" + URLEncoder.encode(credentials.assertion(clock.millis() / 1000), StandardCharsets.UTF_8);
        HttpRequest req = HttpRequest.newBuilder(credentials.tokenUri()).timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        current = http.sendAsync(req, HttpResponse.BodyHandlers.ofString()).thenApply(rsp -> {
            if (rsp.statusCode() != 200) {
                throw new IllegalStateException("token endpoint answered HTTP " + rsp.statusCode() + " "
                        + HttpOutcomes.brief(rsp.body()));
            }
            JsonObject o = JsonParser.parseString(rsp.body()).getAsJsonObject();
            long expiresIn = o.has("expires_in") ? o.get("expires_in").getAsLong() : 3600;
            synchronized (this) {
                expiresAtMillis = clock.millis() + expiresIn * 1000;
            }
            return o.get("access_token").getAsString();
        });
        return current;
    }

    /** FCM refused the token (401): the next push fetches a new one. */
    synchronized void invalidate(String token) {
        if (current != null && current.isDone() && !current.isCompletedExceptionally() && token.equals(current.join())) {
            current = null;
        }
    }
}
