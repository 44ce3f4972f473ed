package io.teamtalkj.push;

import com.mogujie.tt.protobuf.IMServer.IMPushToUserReq;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.teamtalkj.control.CachedCheck;
import io.teamtalkj.control.ControlServer;
import io.teamtalkj.control.MetricsHttpServer;
import io.teamtalkj.control.TierHealthService;
import io.teamtalkj.control.TierMetrics;
import io.teamtalkj.net.EventLoops;
import io.teamtalkj.net.PduPipelines;
import io.teamtalkj.net.PduServer;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.CommandRegistry;
import io.teamtalkj.pdu.PduDispatcher;
import io.teamtalkj.pdu.push.PushStatsReply;
import io.teamtalkj.push.dispatch.OriginStats;
import io.teamtalkj.push.dispatch.ProviderLane;
import io.teamtalkj.push.dispatch.PushRouter;
import io.teamtalkj.push.provider.ApnsProvider;
import io.teamtalkj.push.provider.FcmCredentials;
import io.teamtalkj.push.provider.FcmProvider;
import io.teamtalkj.push.provider.LogProvider;
import io.teamtalkj.push.provider.PushProvider;
import io.teamtalkj.push.provider.WebhookProvider;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The push-server: msg-servers link to its PDU port and send IMPushToUserReq (0x070f); each
 * push goes, by token type, to APNs, FCM, a webhook or the log, through a bounded lane per
 * provider. gRPC health and PushStats on the control port, Prometheus on the metrics port.
 * Providers that cannot be reached make it unready, not stopped: it starts, queues and retries.
 */
public final class PushServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PushServer.class);

    private final PushServerConfig config;
    private final TierMetrics metrics = new TierMetrics();
    private final EventLoopGroup loops;
    private final ExecutorService http;
    private final ScheduledExecutorService timer;
    private final List<CachedCheck> probes = new ArrayList<>();
    private final long startedAt = System.currentTimeMillis();
    private PushRouter router;
    private PushRequestHandler handler;
    private OriginStats originStats;
    private PduServer links;
    private TierHealthService health;
    private ControlServer control;
    private MetricsHttpServer metricsHttp;

    private PushServer(PushServerConfig config) {
        this.config = config;
        this.loops = EventLoops.newGroup("push-io", config.ioThreads);
        this.http = Executors.newFixedThreadPool(config.httpThreads, daemonThreads("push-http"));
        this.timer = Executors.newSingleThreadScheduledExecutor(daemonThreads("push-retry"));
    }

    public static PushServer start(PushServerConfig config) throws IOException, InterruptedException {
        config.validate();
        PushServer server = new PushServer(config);
        try {
            server.startParts();
        } catch (IOException | InterruptedException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void startParts() throws IOException, InterruptedException {
        ProviderLane.Limits limits = new ProviderLane.Limits(config.queueCapacity, config.maxInFlight, config.maxAttempts,
                config.retryBackoff, config.maxRetryBackoff, config.sendTimeout);
        ProviderLane apns = config.apns == null ? null : lane(new ApnsProvider(config.apns), limits);
        ProviderLane fcm = config.fcmServiceAccount == null ? null : lane(new FcmProvider(
                FcmCredentials.load(config.fcmServiceAccount), config.fcmEndpoint, Duration.ofSeconds(10), http,
                Clock.systemUTC()), limits);
        ProviderLane webhook = config.webhookUrl == null ? null : lane(new WebhookProvider(config.webhookUrl,
                config.webhookSecret, Duration.ofSeconds(10), http), limits);
        ProviderLane logLane = config.logPushes ? lane(new LogProvider(), limits) : null;
        router = new PushRouter(apns, fcm, webhook, logLane);
        if (router.lanes().isEmpty()) {
            throw new IllegalArgumentException("no push provider: configure APNs, FCM or a webhook, or keep log-pushes on");
        }
        originStats = new OriginStats(metrics.registry());
        handler = new PushRequestHandler(router, config.maxAlertChars, originStats);
        PduDispatcher dispatcher = new PduDispatcher("push-msg-servers", new CommandRegistry()
                .register(CommandId.CID_OTHER_PUSH_TO_USER_REQ, IMPushToUserReq.parser(), handler));
        links = PduServer.start("push-msg-servers", config.listenHost, config.port, loops,
                config.linkTls.enabled() ? config.linkTls.serverContext("the port msg-servers link to") : null, p -> {
                    PduPipelines.addLinkStack(p, config.maxFrameLength, config.linkHeartbeat, config.linkTimeout);
                    p.addLast(PduPipelines.DISPATCHER, dispatcher);
                    logLink(p);
                });
        health = new TierHealthService("push-server", config.listenHost + ":" + links.port());
        for (ProviderLane lane : router.lanes()) {
            PushProvider p = lane.provider();
            if (p.endpoint() != null) {
                CachedCheck check = new CachedCheck(p.name(), Duration.ofSeconds(5), Duration.ofSeconds(3),
                        new EndpointProbe(p.name(), p.endpoint()));
                probes.add(check);
                health.addCheck(p.name(), check);
            }
        }
        if (config.controlPort >= 0) {
            control = ControlServer.start(config.controlHost, config.controlPort, health, List.of(new PushStatsService(this)));
        }
        if (config.metricsPort >= 0) {
            metricsHttp = MetricsHttpServer.start("push-server", config.metricsHost, config.metricsPort, metrics::scrape, health);
        }
        log.info("push-server ready: msg-servers on {}:{}, providers {}", config.listenHost, links.port(),
                router.lanes().stream().map(l -> l.provider().name() + "(" + l.provider().app() + ")").toList());
    }

    private ProviderLane lane(PushProvider provider, ProviderLane.Limits limits) {
        return new ProviderLane(provider, limits, timer).register(metrics.registry());
    }

    private static void logLink(ChannelPipeline p) {
        Channel ch = p.channel();
        log.info("msg-server link from {}", ch.remoteAddress());
        ch.closeFuture().addListener(f -> log.info("msg-server link from {} closed", ch.remoteAddress()));
    }

    /** Counters since start, per provider. */
    public PushStatsReply stats() {
        PushStatsReply.Builder b = PushStatsReply.newBuilder()
                .setInstance(config.listenHost + ":" + port())
                .setUptimeMillis(System.currentTimeMillis() - startedAt)
                .setRequests(handler == null ? 0 : handler.requests.sum())
                .setUnroutable(handler == null ? 0 : handler.unroutable.sum())
                .setLinks(links == null ? 0 : links.connectionCount());
        if (router != null) {
            for (ProviderLane lane : router.lanes()) {
                var s = lane.stats();
                var h = health.check(lane.provider().name());
                boolean healthy = lane.provider().endpoint() == null
                        || h.getStatus() == io.teamtalkj.control.proto.ServingStatus.SERVING;
                b.addProviders(PushStatsService.row(lane.provider().name(), lane.provider().app())
                        .setAttempted(s.attempted.sum()).setDelivered(s.delivered.sum()).setFailed(s.failed.sum())
                        .setInvalidToken(s.invalidToken.sum()).setRetried(s.retried.sum()).setDropped(s.dropped.sum())
                        .setQueued(lane.queued()).setInFlight(lane.inFlight()).setHealthy(healthy)
                        .setDetail(lane.lastProblem())
                        .addAllOrigins(originRows(lane)));
            }
        }
        return b.build();
    }

    private List<io.teamtalkj.pdu.push.OriginStats> originRows(ProviderLane lane) {
        List<io.teamtalkj.pdu.push.OriginStats> rows = new java.util.ArrayList<>();
        for (OriginStats.Counts c : originStats.all()) {
            if (c.provider.equals(lane.provider().name()) && c.app.equals(lane.provider().app())) {
                rows.add(io.teamtalkj.pdu.push.OriginStats.newBuilder().setOrigin(c.origin).setAttempted(c.attempted.sum())
                        .setDelivered(c.delivered.sum()).setFailed(c.failed.sum()).setInvalidToken(c.invalidToken.sum())
                        .setDropped(c.dropped.sum()).build());
            }
        }
        return rows;
    }

    /** Counts per lane and origin (tests read them). */
    public OriginStats originStats() {
        return originStats;
    }

    /** The lanes in use (tests read their counters). */
    public List<ProviderLane> lanes() {
        return router == null ? List.of() : router.lanes();
    }

    public TierHealthService health() {
        return health;
    }

    public int port() {
        return links == null ? config.port : links.port();
    }

    public int controlPort() {
        return control == null ? -1 : control.port();
    }

    public int metricsPort() {
        return metricsHttp == null ? -1 : metricsHttp.port();
    }

    public PushServerConfig config() {
        return config;
    }

    public String scrapeMetrics() {
        return metrics.scrape();
    }

    @Override
    public void close() {
        if (health != null) {
            health.markShuttingDown();
        }
        if (links != null) {
            links.close();
        }
        if (control != null) {
            control.close();
        }
        if (metricsHttp != null) {
            metricsHttp.close();
        }
        probes.forEach(CachedCheck::close);
        timer.shutdownNow();
        if (router != null) {
            router.close();
        }
        http.shutdownNow();
        metrics.close();
        loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        log.info("push-server stopped");
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
