package io.teamtalkj.api.routes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.teamtalkj.api.Json;
import io.teamtalkj.api.StoreClient;
import io.teamtalkj.api.auth.Apps;
import io.teamtalkj.control.api.AppStatsRequest;
import io.teamtalkj.control.api.AppStatsResponse;
import io.teamtalkj.control.api.UsageKind;
import io.teamtalkj.control.api.UsageRow;
import java.util.List;

/**
 * GET /v1/stats?from=yyyymmdd&to=yyyymmdd: the calling app's counted calls (per route) and pushes
 * (per target type) per UTC day. What this server counted is written first, so the answer includes
 * every call made through it up to and including this one.
 */
public final class StatsRoutes {
    private final StoreClient store;
    private final Apps apps;

    public StatsRoutes(StoreClient store, Apps apps) {
        this.store = store;
        this.apps = apps;
    }

    public List<ApiRoute> routes() {
        return List.of(ApiRoute.of("GET", "/v1/stats", "stats", (ctx, app, body) -> {
            int from = Params.queryUint(ctx, "from", 0);
            int to = Params.queryUint(ctx, "to", 0);
            apps.flush();
            AppStatsResponse r = StoreClient.call(() -> store.store().appStats(AppStatsRequest.newBuilder()
                    .setId(app.id()).setFromDay(from).setToDay(to).build()));
            ctx.json(json(r));
        }));
    }

    public static ObjectNode json(AppStatsResponse r) {
        ObjectNode out = Json.object();
        out.put("app", r.getApp().getName());
        ArrayNode rows = out.putArray("rows");
        for (UsageRow u : r.getRowsList()) {
            ObjectNode row = rows.addObject();
            row.put("day", u.getDay());
            row.put("kind", u.getKind() == UsageKind.CALL ? "call" : "push");
            row.put("api", u.getApi());
            row.put("count", u.getCount());
        }
        return out;
    }
}
