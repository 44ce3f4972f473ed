package io.teamtalkj.api.routes;

import io.javalin.http.Context;
import io.teamtalkj.api.auth.AppEntry;

/**
 * One route of the API: its method, path (Javalin syntax, {name} for parameters), the scope an
 * app needs, and what it does. The list of these is also what /openapi.json is checked against.
 *
 * @param scope users, messages, push, groups, stats; null for a public route
 * @param legacy TeamTalk's /query routes: app_key in the body, TeamTalk's reply shape
 */
public record ApiRoute(String method, String path, String scope, boolean legacy, Action action) {

    /** What a route does once the request is authenticated; {@code body} is the raw request body. */
    @FunctionalInterface
    public interface Action {
        void handle(Context ctx, AppEntry app, byte[] body) throws Exception;
    }

    public static ApiRoute of(String method, String path, String scope, Action action) {
        return new ApiRoute(method, path, scope, false, action);
    }

    /** "POST /v1/messages": the api name calls are counted under. */
    public String api() {
        return method + " " + path;
    }
}
