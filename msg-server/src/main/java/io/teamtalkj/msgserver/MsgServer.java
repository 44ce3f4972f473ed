package io.teamtalkj.msgserver;

import com.mogujie.tt.protobuf.IMServer.IMMsgServInfo;
import com.mogujie.tt.protobuf.IMServer.IMStopReceivePacket;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import io.teamtalkj.control.ControlServer;
import io.teamtalkj.control.MetricsHttpServer;
import io.teamtalkj.control.TierHealthService;
import io.teamtalkj.control.TierMetrics;
import io.teamtalkj.links.file.FileServerLinks;
import io.teamtalkj.links.login.LoginServerReporter;
import io.teamtalkj.links.route.RouteClient;
import io.teamtalkj.msgserver.cluster.FileServers;
import io.teamtalkj.msgserver.cluster.LoginReporting;
import io.teamtalkj.msgserver.cluster.LoginServerLinks;
import io.teamtalkj.msgserver.cluster.Relay;
import io.teamtalkj.msgserver.cluster.RelayReceiver;
import io.teamtalkj.msgserver.cluster.RouteRelay;
import io.teamtalkj.msgserver.db.DbClient;
import io.teamtalkj.msgserver.handler.Handlers;
import io.teamtalkj.msgserver.session.AuthGate;
import io.teamtalkj.msgserver.session.ClientSession;
import io.teamtalkj.msgserver.session.Kicker;
import io.teamtalkj.msgserver.session.SessionLifecycle;
import io.teamtalkj.msgserver.session.SessionTokenRefresh;
import io.teamtalkj.msgserver.session.SessionRegistry;
import io.teamtalkj.msgserver.session.SlowReaderGuard;
import io.teamtalkj.net.EventLoops;
import io.teamtalkj.net.OpenFileLimit;
import io.teamtalkj.net.PduLink;
import io.teamtalkj.net.PduPipelines;
import io.teamtalkj.net.PduServer;
import io.teamtalkj.net.ReadThrottle;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.pdu.PduDispatcher;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A msg-server: the client port, links to the dbproxies, login-servers, route-servers and file-servers, and a
 * gRPC control port with health checks. {@link #close()} stops accepting, closes the client
 * connections (each is reported offline), then the links.
 */
public final class MsgServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MsgServer.class);

    private final MsgServerConfig config;
    private final TierMetrics metrics = new TierMetrics();
    private final MsgServerStats stats = new MsgServerStats(metrics);
    private final SessionRegistry sessions = new SessionRegistry();
    private final EventLoopGroup loops;
    private volatile boolean aborted;
    private final AtomicBoolean closed = new AtomicBoolean();
    private DbClient db;
    private Relay relay = Relay.NONE;
    private volatile LoginReporting login = LoginReporting.NONE;
    private FileServers files = FileServers.NONE;
    private io.teamtalkj.msgserver.push.PushServers pushServers = io.teamtalkj.msgserver.push.PushServers.NONE;
    private PduServer clients;
    /** The WebSocket listener (issue 19), or null when it is off. */
    private PduServer webSockets;
    private TierHealthService health;
    private ControlServer control;
    private MetricsHttpServer metricsHttp;
    private ScheduledFuture<?> ackSweeper;
    private MsgServerContext ctx;
    private volatile RelayReceiver relayReceiver;
    /** Client connections stop reading while a dbproxy or route-server link cannot take more (issue 21). */
    private final ReadThrottle throttle = new ReadThrottle("msg-server",
            this::connections);

    /** Builds the parts that talk to other tiers; tests and the cluster launcher can swap them. */
    public interface Links {
        Relay relay(MsgServer server, PduLink.Settings settings);

        LoginReporting login(MsgServer server, PduLink.Settings settings);

        /** The file-servers named in the config (none when the list is empty). */
        default FileServers files(MsgServer server, PduLink.Settings settings) {
            return server.configuredFileServers(settings);
        }
    }

    /** Links to the file-servers of the config; {@link FileServers#NONE} when there are none. */
    public FileServers configuredFileServers(PduLink.Settings settings) {
        if (config.fileServers.isEmpty()) {
            return FileServers.NONE;
        }
        return FileServers.over(FileServerLinks.start(config.hostName, config.fileServers, loops, settings));
    }

    /** Links to the route-servers and login-servers named in the config (none when a list is empty). */
    private final class DefaultLinks implements Links {
        @Override
        public Relay relay(MsgServer server, PduLink.Settings settings) {
            if (config.routeServers.isEmpty()) {
                return Relay.NONE;
            }
            // 1 s heartbeats and a 4 s timeout: a silent route-server is left within 5 s
            PduLink.Settings routeSettings = RouteClient.RECOMMENDED_SETTINGS.withMaxFrameLength(config.maxFrameLength)
                    .withTls(linkTls).withThrottle(server.readThrottle());
            return new RouteRelay(RouteClient.start(config.hostName, config.routeServers, server.tierLinkLoop, routeSettings,
                    server::onRelay));
        }

        @Override
        public LoginReporting login(MsgServer server, PduLink.Settings settings) {
            if (config.loginServers.isEmpty()) {
                return LoginReporting.NONE;
            }
            return new LoginServerLinks(LoginServerReporter.start(config.hostName + "-login", config.loginServers, loops,
                    settings, server::serverInfo));
        }
    }

    /** Client side of the inter-tier links' TLS, or null for plain TCP. */
    private SslContext linkTls;

    private MsgServer(MsgServerConfig config) {
        this.config = config;
        this.loops = EventLoops.newGroup("msg-io", config.ioThreads);
        this.tierLinkLoop = loops.next();
    }

    /**
     * The one loop of the links to the dbproxies and route-servers: a dbproxy answer carries a batch
     * of stored messages, and the relays they cause are then written on the route link's own loop,
     * so all of them leave in one flush (CoalescingWriter) instead of waking another loop per relay.
     */
    private final io.netty.channel.EventLoop tierLinkLoop;

    /** Starts a msg-server that runs alone (no route-servers or login-servers). */
    public static MsgServer start(MsgServerConfig config) throws InterruptedException, IOException {
        return start(config, null);
    }

    public static MsgServer start(MsgServerConfig config, Links links) throws InterruptedException, IOException {
        config.validate();
        MsgServer server = new MsgServer(config);
        try {
            server.startParts(links);
        } catch (InterruptedException | IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void startParts(Links links) throws InterruptedException, IOException {
        linkTls = config.linkTls.enabled() ? config.linkTls.clientContext("the msg-server's links") : null;
        SslContext clientTls = config.clientTls.enabled() ? config.clientTls.serverContext("the client port") : null;
        PduLink.Settings settings = PduLink.Settings.DEFAULT.withHeartbeat(config.linkHeartbeat, config.linkTimeout)
                .withMaxFrameLength(config.maxFrameLength).withTls(linkTls);
        db = new DbClient("msg-server", config.dbProxies, tierLinkLoop, settings.withThrottle(throttle), config.dbRequestTimeout);
        Links wiring = links != null ? links : new DefaultLinks();
        relay = wiring.relay(this, settings);
        // the login-servers are told our port, so their links start once it is bound (below)
        LoginReporting loginLater = new LoginReporting() {
            @Override
            public void userLoggedIn(int userId) {
                login.userLoggedIn(userId);
            }

            @Override
            public void userLoggedOut(int userId) {
                login.userLoggedOut(userId);
            }

            @Override
            public void close() {
            }
        };
        files = wiring.files(this, settings);
        ctx = new MsgServerContext(config, sessions, db, relay, loginLater, stats, files, Clock.systemUTC());
        startPushes(settings);
        Kicker kicker = new Kicker(config.kickGrace, stats);
        relayReceiver = new RelayReceiver(ctx, kicker);
        PduDispatcher dispatcher = new PduDispatcher("msg-server", Handlers.registry(ctx, kicker));
        AuthGate gate = new AuthGate(stats);
        SessionLifecycle lifecycle = new SessionLifecycle(ctx);
        SessionTokenRefresh tokenRefresh = ctx.tokens().enabled()
                ? new SessionTokenRefresh(ctx.tokens(), stats, Clock.systemUTC()) : null;
        // one pipeline, two framings: TCP and WebSocket connections share every handler after the codec
        Consumer<ChannelPipeline> session = p -> {
            if (tokenRefresh != null) {
                p.addBefore(PduPipelines.HEARTBEAT, "sessionTokenRefresh", tokenRefresh);
            }
            throttle.apply(p.channel()); // a connection accepted while a link is full starts paused
            // next to the encoder, so every outbound frame passes it, heartbeat echoes included
            p.addAfter(PduPipelines.ENCODER, "slowReader",
                    new SlowReaderGuard(config.slowReaderGrace, config.maxQueuedBytes, stats));
            p.addLast("session", lifecycle);
            p.addLast("auth", gate);
            p.addLast(PduPipelines.DISPATCHER, dispatcher);
        };
        clients = PduServer.start("msg-server", config.listenHost, config.port, loops, clientTls, p -> {
            PduPipelines.addClientStack(p, config.maxFrameLength, config.unauthenticatedTimeout);
            session.accept(p);
        });
        int wsPort = config.effectiveWsPort();
        if (wsPort >= 0) {
            webSockets = PduServer.start("msg-server-ws", config.listenHost, wsPort, loops, clientTls, p -> {
                PduPipelines.addWebSocketClientStack(p, config.ws, config.maxFrameLength, config.unauthenticatedTimeout);
                session.accept(p);
            });
        }
        login = wiring.login(this, settings);
        long sweepMillis = Math.max(100, Math.min(1000, config.receiverAckTimeout.toMillis() / 4));
        ackSweeper = loops.next().scheduleAtFixedRate(this::sweepUnacked, sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
        // ready with one dbproxy link: logins and messages work; without a route-server only
        // cross-server delivery waits for pull, without a file-server only file transfers fail,
        // so those links are advisory (listed as degraded)
        health = new TierHealthService("msg-server", config.hostName)
                .addCheck("dbproxy", () -> TierHealthService.component("dbproxy", db.anyUp(),
                        db.upCount() + " of " + config.dbProxies.size() + " dbproxy links up"))
                .addAdvisoryCheck("route", () -> TierHealthService.component("route",
                        config.routeServers.isEmpty() || relay.available(),
                        config.routeServers.isEmpty() ? "running alone" : relay.available() ? "up" : "no route-server link up"))
                .addAdvisoryCheck("push", () -> TierHealthService.component("push",
                        !pushServers.configured() || pushServers.upCount() > 0, !pushServers.configured() ? "none configured"
                                : pushServers.upCount() + " of " + config.pushServers.size() + " push-server links up"))
                .addAdvisoryCheck("file", () -> TierHealthService.component("file",
                        !files.configured() || !files.clientAddresses().isEmpty(), !files.configured() ? "none configured"
                                : files.clientAddresses().isEmpty() ? "no file-server link up" : "up"));
        if (config.controlPort >= 0) {
            control = ControlServer.start(config.controlHost, config.controlPort, health, List.of(new MsgStatsService(this), new MsgControlService(this),
                    new io.teamtalkj.msgserver.push.DeviceSessionsService(config.hostName, sessions)));
        }
        new MsgServerMetrics(this, metrics.registry());
        if (config.metricsPort >= 0) {
            metricsHttp = MetricsHttpServer.start("msg-server", config.metricsHost, config.metricsPort, metrics::scrape,
                    health);
        }
        log.info("msg-server {} serving clients on {}:{}{}", config.hostName, config.listenHost, clients.port(),
                webSockets == null ? " (WebSocket off)" : ", WebSocket " + wsUrl());
        if (ctx.tokens().enabled()) {
            log.info("msg-server {}: resumable logins on (session tokens valid {})", config.hostName,
                    config.sessionTokenLifetime);
        } else {
            log.info("msg-server {}: resumable logins off (no session token secret): every login checks the password",
                    config.hostName);
        }
        OpenFileLimit.warnIfLow(log, "msg-server " + config.hostName, OpenFileLimit.current(), config.maxConnections);
    }

    /** Links to the push-servers (none configured: no offline push) and the push decisions after each store. */
    private void startPushes(PduLink.Settings settings) {
        io.teamtalkj.msgserver.push.OfflinePush[] holder = new io.teamtalkj.msgserver.push.OfflinePush[1];
        if (!config.pushServers.isEmpty()) {
            pushServers = io.teamtalkj.msgserver.push.PushServers.over(io.teamtalkj.links.push.PushServerLinks.start(
                    config.hostName, config.pushServers, loops, settings, rsp -> holder[0].onResponse(rsp)));
        }
        holder[0] = new io.teamtalkj.msgserver.push.OfflinePush(ctx, pushServers);
        ctx.usePushes(holder[0]);
        io.teamtalkj.msgserver.push.PushMetrics.register(metrics.registry(), holder[0]);
    }

    /** Offline push decisions and their counters. */
    public io.teamtalkj.msgserver.push.OfflinePush pushes() {
        return ctx.pushes();
    }

    /** The push-server side: {@link io.teamtalkj.msgserver.push.PushServers#NONE} when none is configured. */
    public io.teamtalkj.msgserver.push.PushServers pushServers() {
        return pushServers;
    }

    private void sweepUnacked() {
        long now = System.nanoTime();
        long timeout = config.receiverAckTimeout.toNanos();
        for (ClientSession s : sessions.all()) {
            int expired = s.unacked().expire(now, timeout);
            if (expired > 0) {
                stats.unackedDeliveries.add(expired);
            }
        }
    }

    /** What the login-servers are told on every (re)connect. */
    public IMMsgServInfo serverInfo() {
        return IMMsgServInfo.newBuilder()
                .setIp1(config.ip1)
                .setIp2(config.ip2)
                .setPort(config.advertisedPort != 0 ? config.advertisedPort : port())
                .setMaxConnCnt(config.maxConnections)
                .setCurConnCnt(sessions.connectionCount())
                .setHostName(config.hostName)
                .setWsUrl(wsUrl())
                .build();
    }

    /** Handles an envelope the route-server sent for this server's connections. */
    public void onRelay(io.teamtalkj.pdu.internal.RelayEnvelope envelope) {
        RelayReceiver r = relayReceiver;
        if (r != null) {
            r.onRelay(envelope);
        }
    }

    /** The WebSocket port, or -1 when WebSocket is off. */
    public int wsPort() {
        return webSockets == null ? -1 : webSockets.port();
    }

    /** What browsers are told to open (discovery's {@code wsUrl}); empty when WebSocket is off. */
    public String wsUrl() {
        if (webSockets == null) {
            return "";
        }
        if (!config.advertisedWsUrl.isEmpty()) {
            return config.advertisedWsUrl;
        }
        String host = config.ip1.contains(":") ? "[" + config.ip1 + "]" : config.ip1;
        return (config.clientTls.enabled() ? "wss://" : "ws://") + host + ":" + webSockets.port() + config.ws.path();
    }

    /** Client connections of both listeners, logged in or not. */
    private List<Channel> connections() {
        List<Channel> all = new ArrayList<>();
        if (clients != null) {
            all.addAll(clients.connections());
        }
        if (webSockets != null) {
            all.addAll(webSockets.connections());
        }
        return all;
    }

    public int port() {
        return clients == null ? config.port : clients.port();
    }

    /** The route-server side: {@link Relay#NONE} when the msg-server runs alone. */
    public Relay relay() {
        return relay;
    }

    /** The file-server side: {@link FileServers#NONE} when none is configured. */
    public FileServers files() {
        return files;
    }

    /** Whether a route-server link is up. */
    public boolean relayAvailable() {
        return relay.available();
    }

    /** Client sockets open now, logged in or not. */
    public int openSockets() {
        return (clients == null ? 0 : clients.connectionCount()) + (webSockets == null ? 0 : webSockets.connectionCount());
    }

    /** The Prometheus port, or -1 when metrics are off. */
    public int metricsPort() {
        return metricsHttp == null ? -1 : metricsHttp.port();
    }

    public int controlPort() {
        return control == null ? -1 : control.port();
    }

    public MsgServerConfig config() {
        return config;
    }

    public MsgServerStats stats() {
        return stats;
    }

    public SessionRegistry sessions() {
        return sessions;
    }

    public DbClient db() {
        return db;
    }

    /** Pauses the client connections while a dbproxy or route-server link is full; links of custom {@link Links} use it too. */
    public ReadThrottle readThrottle() {
        return throttle;
    }

    public EventLoopGroup loops() {
        return loops;
    }

    /**
     * What a kill -9 looks like to clients and the other tiers, within one JVM (fault tests): the
     * listener and every client connection close at once, with no drain and no notice, then the
     * links and the rest stop as {@link #close()} does.
     */
    public void abort() {
        aborted = true;
        log.warn("msg-server {} aborting: client connections closed without a drain", config.hostName);
        close();
    }

    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return; // closed already (abort() then the owner's close())
        }
        if (health != null) {
            health.markShuttingDown();
        }
        if (ackSweeper != null) {
            ackSweeper.cancel(false);
        }
        if (clients != null) {
            if (!aborted) {
                drainClients();
            }
            clients.close(); // connections close first, so the links can still report them offline
        }
        if (webSockets != null) {
            webSockets.close();
        }
        closeQuietly(relay::close);
        closeQuietly(login::close);
        closeQuietly(files::close);
        closeQuietly(pushServers::close);
        if (db != null) {
            closeQuietly(db::close);
        }
        if (control != null) {
            closeQuietly(control::close);
        }
        if (metricsHttp != null) {
            closeQuietly(metricsHttp::close);
        }
        closeQuietly(metrics::close);
        loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        log.info("msg-server {} stopped", config.hostName);
    }

    /**
     * The msg-server's drain (SIGTERM): no new connections, nothing more read from the open ones,
     * every logged-in client told (IMStopReceivePacket: the SDK hears it as a push, TeamTalk
     * clients ignore it), and the requests already read answered (their dbproxy calls end, so the
     * messages' acks are written) before the connections close. Clients then reconnect through
     * the login-server to another msg-server and resend only what was never read, so nothing is
     * stored without its ack. A kick would not do: TeamTalk's kick reasons (duplicate user, mobile
     * kick) make clients stop, not reconnect.
     */
    private void drainClients() {
        long deadline = System.nanoTime() + config.drainTimeout.toNanos();
        clients.stopAccepting();
        if (webSockets != null) {
            webSockets.stopAccepting();
        }
        throttle.stop(); // a link draining later must not turn reading back on
        List<Future<?>> paused = new ArrayList<>();
        for (Channel ch : connections()) {
            // on the connection's loop: a read in progress finishes (and hands its requests on) first
            paused.add(ch.eventLoop().submit(() -> ch.config().setAutoRead(false)));
        }
        Pdu notice = Pdu.push(CommandId.CID_OTHER_STOP_RECV_PACKET, IMStopReceivePacket.newBuilder().setResult(0).build());
        for (ClientSession s : sessions.all()) {
            s.send(notice);
        }
        for (Future<?> f : paused) {
            f.awaitUninterruptibly(Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
        try {
            while (db.inFlight() > 0 && System.nanoTime() - deadline < 0) {
                TimeUnit.MILLISECONDS.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (db.inFlight() > 0) {
            log.warn("msg-server {}: drain timed out with {} dbproxy requests unanswered; closing anyway", config.hostName,
                    db.inFlight());
        } else {
            log.info("msg-server {}: drained; closing {} client connections", config.hostName, openSockets());
        }
    }

    private static void closeQuietly(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            log.warn("while stopping: {}", e.toString());
        }
    }
}
