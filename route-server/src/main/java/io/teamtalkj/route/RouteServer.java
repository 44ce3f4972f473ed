package io.teamtalkj.route;

import com.mogujie.tt.protobuf.IMBuddy.IMUsersStatReq;
import com.mogujie.tt.protobuf.IMServer.IMOnlineUserInfo;
import com.mogujie.tt.protobuf.IMServer.IMRoleSet;
import com.mogujie.tt.protobuf.IMServer.IMUserStatusUpdate;
import io.grpc.BindableService;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.teamtalkj.control.ControlServer;
import io.teamtalkj.control.TierHealthService;
import io.teamtalkj.control.route.RouteStatsReply;
import io.teamtalkj.net.PduPipelines;
import io.teamtalkj.net.PduServer;
import io.teamtalkj.net.ReadWhileWritable;
import io.teamtalkj.net.EventLoops;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.CommandRegistry;
import io.teamtalkj.pdu.RequestExecutor;
import io.teamtalkj.pdu.InternalCommandId;
import io.teamtalkj.pdu.internal.RelayEnvelope;
import io.teamtalkj.control.MetricsHttpServer;
import io.teamtalkj.route.stats.RouteMetrics;
import io.teamtalkj.route.stats.RouteStats;
import io.teamtalkj.route.stats.RouteStatsService;
import io.teamtalkj.route.stats.StatsReport;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The route-server: msg-servers link to its PDU port (TeamTalk's 8200); it keeps the presence
 * table, relays envelopes only to the msg-servers holding their recipients, answers status
 * queries, generates targeted status notifications, and reports route stats over gRPC
 * (RouteStats, TierHealth) and Prometheus.
 */
public final class RouteServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RouteServer.class);

    private final RouteServerConfig config;
    private final RouteContext context;
    private final String instance;
    private final EventLoopGroup workers;
    private PduServer server;
    private ControlServer control;
    private MetricsHttpServer metricsServer;
    private RouteMetrics metrics;

    private RouteServer(RouteServerConfig config) {
        this.config = config;
        this.context = new RouteContext(config, new Presence(config.mobileCountsAsOnline), new Links(), new RouteStats());
        this.workers = EventLoops.newGroup("route-io", config.ioThreads);
        this.instance = config.listenHost + ":" + config.port;
    }

    /** Validates the settings, then opens the link port, the control port and the metrics port. */
    public static RouteServer start(RouteServerConfig config) throws InterruptedException, IOException {
        config.validate();
        RouteServer route = new RouteServer(config);
        try {
            route.open();
        } catch (IOException | InterruptedException | RuntimeException e) {
            route.close();
            throw e;
        }
        return route;
    }

    private void open() throws InterruptedException, IOException {
        CommandRegistry registry = new CommandRegistry()
                .register(InternalCommandId.CID_INTERNAL_RELAY, RelayEnvelope.parser(), new RelayHandler(context))
                .register(CommandId.CID_OTHER_USER_STATUS_UPDATE, IMUserStatusUpdate.parser(),
                        new UserStatusUpdateHandler(context))
                .register(CommandId.CID_OTHER_ONLINE_USER_INFO, IMOnlineUserInfo.parser(),
                        new OnlineSnapshotHandler(context))
                .register(CommandId.CID_OTHER_ROLE_SET, IMRoleSet.parser(), new RoleSetHandler())
                .register(CommandId.CID_BUDDY_LIST_USERS_STATUS_REQUEST, IMUsersStatReq.parser(),
                        new UsersStatHandler(context), RequestExecutor.EVENT_LOOP);
        // a slow msg-server may hold this much of our output before relays to it are dropped
        WriteBufferWaterMark backlog = new WriteBufferWaterMark(config.maxLinkBacklog / 2, config.maxLinkBacklog);
        if (config.metricsPort >= 0) {
            metrics = new RouteMetrics(context.stats, context.presence, context.links);
        }
        server = PduServer.start("route", config.listenHost, config.port, workers,
                config.linkTls.enabled() ? config.linkTls.serverContext("the port other tiers link to") : null, p -> {
            p.channel().config().setOption(ChannelOption.WRITE_BUFFER_WATER_MARK, backlog);
            PduPipelines.addLinkStack(p, config.maxFrameLength, config.linkHeartbeat, config.linkTimeout);
            // a msg-server that does not read its link sends no more on it; relays from the others to it
            // are dropped past the backlog (Outbox) rather than holding every msg-server up behind it
            p.addLast("readWhileWritable", ReadWhileWritable.INSTANCE);
            p.addLast(PduPipelines.DISPATCHER, new LinkHandler(context, registry));
        });
        String name = config.listenHost + ":" + server.port();
        // ready while listening (it needs no other tier); NOT_SERVING once it starts closing
        TierHealthService health = new TierHealthService("route-server", name);
        health.addCheck("msg-server-links", () -> TierHealthService.component("msg-server-links", true,
                context.links.size() + " open"));
        if (config.controlPort >= 0) {
            control = ControlServer.start(config.controlHost, config.controlPort, health,
                    List.<BindableService>of(new RouteStatsService(this::report)));
        }
        if (metrics != null) {
            metricsServer = MetricsHttpServer.start("route-server", config.metricsHost, config.metricsPort, metrics::scrape,
                    health);
        }
        log.info("route-server ready on {} (links heartbeat {} ms, timeout {} ms; mobile sessions count as online: {})",
                name, config.linkHeartbeat.toMillis(), config.linkTimeout.toMillis(), config.mobileCountsAsOnline);
    }

    /** The stats as the RouteStats gRPC service returns them. */
    public RouteStatsReply report() {
        String name = server == null ? instance : config.listenHost + ":" + server.port();
        return StatsReport.build(name, context.stats, context.presence, context.links);
    }

    public int port() {
        return server.port();
    }

    /** The gRPC control port, or -1 when disabled. */
    public int controlPort() {
        return control == null ? -1 : control.port();
    }

    /** The Prometheus port, or -1 when disabled. */
    public int metricsPort() {
        return metricsServer == null ? -1 : metricsServer.port();
    }

    public RouteStats stats() {
        return context.stats;
    }

    public Presence presence() {
        return context.presence;
    }

    public Links links() {
        return context.links;
    }

    /** The Prometheus text, or null when metrics are off. */
    public String scrapeMetrics() {
        return metrics == null ? null : metrics.scrape();
    }

    /**
     * Stops accepting and closes every msg-server link (they fail over to another route-server at
     * once, seeing the close), then the control and metrics ports.
     */
    @Override
    public void close() {
        context.notifier.mute();
        if (server != null) {
            server.close();
        }
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        if (control != null) {
            control.close();
        }
        if (metricsServer != null) {
            metricsServer.close();
        }
        log.info("route-server stopped");
    }
}
