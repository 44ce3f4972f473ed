package io.teamtalkj.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.grpc.BindableService;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.json.JavalinJackson;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.netty.channel.EventLoopGroup;
import io.teamtalkj.api.auth.AppEntry;
import io.teamtalkj.api.auth.Apps;
import io.teamtalkj.api.auth.Authenticator;
import io.teamtalkj.api.auth.Usage;
import io.teamtalkj.api.routes.ApiRoute;
import io.teamtalkj.api.routes.DepartmentRoutes;
import io.teamtalkj.api.routes.Directory;
import io.teamtalkj.api.routes.GroupOps;
import io.teamtalkj.api.routes.GroupRoutes;
import io.teamtalkj.api.routes.LegacyQueryRoutes;
import io.teamtalkj.api.routes.MessageRoutes;
import io.teamtalkj.api.routes.PushRoutes;
import io.teamtalkj.api.routes.StatsRoutes;
import io.teamtalkj.api.routes.UserRoutes;
import io.teamtalkj.control.ControlServer;
import io.teamtalkj.control.MetricsHttpServer;
import io.teamtalkj.control.TierHealthService;
import io.teamtalkj.control.TierMetrics;
import io.teamtalkj.net.EventLoops;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The api-server tier: an HTTP API (Javalin on Jetty) for back-office and application servers,
 * TeamTalk's http_msg_server endpoints included. It links to the dbproxies and route-servers as
 * a msg-server does ({@link TierLinks}), and reads applications and writes usage through the
 * dbproxy's gRPC control port ({@link StoreClient}). Every route but /openapi.json needs a signed
 * request from an application ({@link Authenticator}).
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
    static final String OPENAPI_RESOURCE = "/openapi.json";

    private final ApiServerConfig config;
    private final Clock clock;
    private EventLoopGroup loops;
    private TierLinks links;
    private StoreClient store;
    private Usage usage;
    private Apps apps;
    private ScheduledExecutorService scheduler;
    private Javalin http;
    private ControlServer control;
    private MetricsHttpServer metricsHttp;
    private TierHealthService health;
    private final TierMetrics metrics = new TierMetrics();
    private final List<ApiRoute> routes = new ArrayList<>();
    private Counter requests;
    private Counter refused;

    private ApiServer(ApiServerConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    public static ApiServer start(ApiServerConfig config) throws IOException {
        config.validate();
        ApiServer server = new ApiServer(config, Clock.systemUTC());
        try {
            server.startParts();
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void startParts() throws IOException {
        loops = EventLoops.newGroup("api-io", config.ioThreads);
        links = new TierLinks(config, loops);
        store = new StoreClient(config.dbProxyControl, config.requestTimeout);
        usage = new Usage();
        apps = new Apps(store, usage);
        Authenticator auth = new Authenticator(apps, usage, io.teamtalkj.api.auth.Nonces.over(links),
                config.signatureWindow, clock, config.unsignedQuery);
        Directory directory = new Directory(store, config.systemUser, config.userCheckCache);
        GroupOps groups = new GroupOps(links);
        routes.addAll(new LegacyQueryRoutes(auth, groups, directory, config.maxRecipients).routes());
        routes.addAll(new UserRoutes(store, directory).routes());
        routes.addAll(new DepartmentRoutes(store).routes());
        routes.addAll(new MessageRoutes(links, directory, clock).routes());
        routes.addAll(new GroupRoutes(groups, directory, config.maxRecipients).routes());
        routes.addAll(new PushRoutes(links, directory, auth, store, config.maxRecipients).routes());
        routes.addAll(new StatsRoutes(store, apps).routes());
        routes.addAll(new io.teamtalkj.api.routes.GroupGovernanceRoutes(
                new io.teamtalkj.api.routes.GroupGovernanceOps(links), config.maxRecipients).routes());
        byte[] openApi = openApi();
        routes.add(ApiRoute.of("GET", "/openapi.json", null,
                (ctx, app, body) -> ctx.contentType("application/json").result(openApi)));

        requests = Counter.builder("api_requests").description("HTTP API requests answered").register(metrics.registry());
        refused = Counter.builder("api_requests_refused").description("HTTP API requests answered 4xx/5xx")
                .register(metrics.registry());
        Gauge.builder("api_usage_counted", usage, Usage::counted).description("calls and pushes counted since start")
                .register(metrics.registry());

        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "api-apps");
            t.setDaemon(true);
            return t;
        });
        scheduler.execute(apps::reload);
        scheduler.scheduleWithFixedDelay(apps::flush, config.usageFlush.toMillis(), config.usageFlush.toMillis(),
                TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(apps::reload, config.appReload.toMillis(), config.appReload.toMillis(),
                TimeUnit.MILLISECONDS);

        http = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.startup.showOldJavalinVersionWarning = false;
            c.jetty.host = config.listenHost;
            c.jetty.port = config.port;
            c.http.maxRequestSize = config.maxBodyBytes;
            c.jsonMapper(new JavalinJackson(Json.MAPPER, false));
            for (ApiRoute route : routes) {
                c.routes.addEndpoint(new Endpoint(HandlerType.findOrCreate(route.method()), route.path(),
                        ctx -> handle(ctx, route, auth)));
            }
            c.routes.exception(ApiError.class, (e, ctx) -> error(ctx, e));
            c.routes.exception(Exception.class, (e, ctx) -> {
                log.warn("{} {} from {} failed", ctx.method(), ctx.path(), ctx.ip(), e);
                error(ctx, new ApiError(500, "internal", "internal error: " + e.getClass().getSimpleName()));
            });
            c.routes.error(404, "*", ctx -> {
                if (ctx.result() == null || ctx.result().isEmpty() || !ctx.result().startsWith("{")) {
                    error(ctx, ApiError.notFound("no route " + ctx.method() + " " + ctx.path()));
                }
            });
            c.routes.error(405, "*", ctx -> error(ctx, new ApiError(405, "method_not_allowed",
                    ctx.method() + " is not allowed on " + ctx.path())));
        }).start();

        health = new TierHealthService("api-server", config.listenHost + ":" + http.port())
                .addCheck("dbproxy", () -> TierHealthService.component("dbproxy", links.dbUp(), "PDU link"))
                .addCheck("route-server", () -> TierHealthService.component("route-server", links.routeUp(), "relay link"))
                .addCheck("apps", () -> TierHealthService.component("apps", apps.loaded(), "applications loaded"));
        if (config.controlPort >= 0) {
            control = ControlServer.start(config.controlHost, config.controlPort, health, List.<BindableService>of());
        }
        if (config.metricsPort >= 0) {
            metricsHttp = MetricsHttpServer.start("api-server", config.metricsHost, config.metricsPort, metrics::scrape,
                    health);
        }
        log.info("api-server ready on {}:{} ({} routes)", config.listenHost, http.port(), routes.size());
    }

    /** Size limit, body, authentication, then the route; the JSON error shape for every refusal. */
    private void handle(Context ctx, ApiRoute route, Authenticator auth) throws Exception {
        requests.increment();
        long declared = ctx.contentLength();
        if (declared > config.maxBodyBytes) {
            throw new ApiError(413, "payload_too_large", "body of " + declared + " bytes; at most "
                    + config.maxBodyBytes);
        }
        byte[] body = readBody(ctx);
        AppEntry app = null;
        if (route.scope() != null && !route.legacy()) {
            app = auth.check(ctx, route.api(), route.scope(), body);
        }
        route.action().handle(ctx, app, body);
    }

    private byte[] readBody(Context ctx) throws IOException {
        if (ctx.method() == HandlerType.GET) {
            return new byte[0];
        }
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] body = in.readNBytes(config.maxBodyBytes + 1);
            if (body.length > config.maxBodyBytes) {
                throw new ApiError(413, "payload_too_large", "body larger than " + config.maxBodyBytes + " bytes");
            }
            return body;
        }
    }

    private void error(Context ctx, ApiError e) {
        refused.increment();
        ObjectNode o = Json.object();
        o.put("error_code", e.code());
        o.put("error_msg", e.getMessage());
        if (e.quota() != null) {
            o.put("quota", e.quota());
        }
        if (e.status() >= 500) {
            log.warn("{} {} from {}: {} {}", ctx.method(), ctx.path(), ctx.ip(), e.status(), e.getMessage());
        } else {
            log.debug("{} {} from {}: {} {}", ctx.method(), ctx.path(), ctx.ip(), e.status(), e.getMessage());
        }
        ctx.status(e.status()).contentType("application/json").result(Json.write(o));
    }

    private static byte[] openApi() throws IOException {
        try (InputStream in = ApiServer.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) {
                throw new IOException("openapi.json missing from the api-server jar");
            }
            return in.readAllBytes();
        }
    }

    /** The HTTP port bound. */
    public int port() {
        return http.port();
    }

    public int controlPort() {
        return control == null ? -1 : control.port();
    }

    public int metricsPort() {
        return metricsHttp == null ? -1 : metricsHttp.port();
    }

    /** Every route served, for /openapi.json's test. */
    public List<ApiRoute> routes() {
        return List.copyOf(routes);
    }

    public Apps apps() {
        return apps;
    }

    public Usage usage() {
        return usage;
    }

    /** Whether the applications were loaded and both links are up (ready to serve). */
    public boolean ready() {
        return apps.loaded() && links.dbUp() && links.routeUp();
    }

    @Override
    public void close() {
        if (health != null) {
            health.markShuttingDown();
        }
        if (http != null) {
            http.stop();
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (apps != null) {
            apps.flush(); // what was counted is not lost on a clean stop
        }
        if (control != null) {
            control.close();
        }
        if (metricsHttp != null) {
            metricsHttp.close();
        }
        if (store != null) {
            store.close();
        }
        if (links != null) {
            links.close();
        }
        if (loops != null) {
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
        metrics.close();
    }

}
