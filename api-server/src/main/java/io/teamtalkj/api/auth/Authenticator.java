package io.teamtalkj.api.auth;

import io.javalin.http.Context;
import io.teamtalkj.api.ApiError;
import io.teamtalkj.control.api.UsageKind;
import java.time.Clock;
import java.time.Duration;

/**
 * Checks a request's signature headers ({@link Signature}) against the app's key and its nonce
 * against every nonce the app used within the window ({@link Nonces}, shared by all api-servers),
 * counts the call (every correctly signed first use is counted, whatever its outcome; a replay is
 * not, so replaying cannot spend an app's quota), then refuses an expired app (403), a missing
 * scope (403) or a call over the daily quota (429 naming the quota).
 */
public final class Authenticator {
    private final Apps apps;
    private final Usage usage;
    private final Nonces nonces;
    private final Duration window;
    private final Clock clock;
    private final boolean unsignedQuery;

    public Authenticator(Apps apps, Usage usage, Nonces nonces, Duration window, Clock clock, boolean unsignedQuery) {
        this.apps = apps;
        this.usage = usage;
        this.nonces = nonces;
        this.window = window;
        this.clock = clock;
        this.unsignedQuery = unsignedQuery;
    }

    /** The signed request's app, counted under {@code api}; throws an ApiError to refuse it. */
    public AppEntry check(Context ctx, String api, String scope, byte[] body) {
        String key = ctx.header(Signature.APP_KEY);
        String ts = ctx.header(Signature.TIMESTAMP);
        String sig = ctx.header(Signature.SIGNATURE);
        String nonce = ctx.header(Signature.NONCE);
        if (key == null || ts == null || sig == null || nonce == null) {
            throw ApiError.unauthorized("sign the request: headers " + Signature.APP_KEY + ", " + Signature.TIMESTAMP
                    + ", " + Signature.NONCE + " and " + Signature.SIGNATURE + " are required");
        }
        if (!Signature.NONCE_FORMAT.matcher(nonce).matches()) {
            throw ApiError.unauthorized(Signature.NONCE + " must be 16-64 characters of A-Z a-z 0-9 _ - (new for "
                    + "every request)");
        }
        AppEntry app = lookup(key);
        long t;
        try {
            t = Long.parseLong(ts.strip());
        } catch (NumberFormatException e) {
            throw ApiError.unauthorized(Signature.TIMESTAMP + " must be unix seconds");
        }
        long now = clock.millis() / 1000;
        if (Math.abs(now - t) > window.toSeconds()) {
            throw ApiError.unauthorized(Signature.TIMESTAMP + " " + t + " is more than " + window.toSeconds()
                    + " s from the server's clock (" + now + ")");
        }
        String query = ctx.queryString();
        String pathAndQuery = ctx.path() + (query == null || query.isEmpty() ? "" : "?" + query);
        String expected = Signature.sign(app.signingKey(),
                Signature.stringToSign(ctx.method().name(), pathAndQuery, ts.strip(), nonce, body));
        if (!Signature.matches(expected, sig.strip())) {
            throw ApiError.unauthorized("bad signature (see README \"HTTP API\" for what is signed)");
        }
        // only a request signed by the app may spend one of its nonces; kept while the timestamp is valid
        nonces.use(app.id(), nonce, t + window.toSeconds());
        return admit(app, api, scope, now);
    }

    /**
     * TeamTalk's /query endpoints send no headers, only app_key in the body: the key alone
     * identifies the app there (the original checked nothing). Signed headers, when present,
     * are checked as for every other route. Unsigned calls can be refused altogether
     * ({@code --unsigned-query false}) once the back-office signs: anyone who learns an app key
     * could otherwise replay or forge them.
     */
    public AppEntry checkLegacy(Context ctx, String api, String scope, byte[] body, String appKey) {
        if (ctx.header(Signature.SIGNATURE) != null || !unsignedQuery) {
            return check(ctx, api, scope, body);
        }
        if (appKey == null || appKey.isEmpty()) {
            throw ApiError.unauthorized("app_key is missing");
        }
        return admit(lookup(appKey), api, scope, clock.millis() / 1000);
    }

    private AppEntry lookup(String key) {
        AppEntry app = apps.byKeyReloading(key);
        if (app == null) {
            if (!apps.loaded()) {
                throw ApiError.unavailable("applications not loaded yet (dbproxy unreachable?)");
            }
            throw ApiError.unauthorized("unknown app key");
        }
        return app;
    }

    private AppEntry admit(AppEntry app, String api, String scope, long now) {
        long before = usage.count(app.id(), UsageKind.CALL, api);
        if (app.expired(now)) {
            throw new ApiError(403, "app_expired", "app " + app.name() + " expired at " + app.expiresAt());
        }
        if (!app.scopes().contains(scope)) {
            throw new ApiError(403, "scope_missing", "app " + app.name() + " lacks the scope " + scope);
        }
        if (app.callsPerDay() > 0 && before >= app.callsPerDay()) {
            throw new ApiError(429, "quota_exceeded", "quota calls_per_day (" + app.callsPerDay()
                    + ") used up for today (UTC)", "calls_per_day");
        }
        return app;
    }

    /** Counts a push; 429 when the app's pushes_per_day is used up (the refused one is not counted). */
    public void countPush(AppEntry app, String type) {
        if (app.pushesPerDay() > 0 && usage.today(app.id(), UsageKind.PUSH) >= app.pushesPerDay()) {
            throw new ApiError(429, "quota_exceeded", "quota pushes_per_day (" + app.pushesPerDay()
                    + ") used up for today (UTC)", "pushes_per_day");
        }
        usage.count(app.id(), UsageKind.PUSH, type);
    }
}
