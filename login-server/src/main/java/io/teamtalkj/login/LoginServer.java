package io.teamtalkj.login;

import com.mogujie.tt.protobuf.IMLogin.IMMsgServReq;
import com.mogujie.tt.protobuf.IMServer.IMMsgServInfo;
import com.mogujie.tt.protobuf.IMServer.IMUserCntUpdate;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.teamtalkj.control.ControlServer;
import io.teamtalkj.control.MetricsHttpServer;
import io.teamtalkj.control.TierHealthService;
import io.teamtalkj.control.TierMetrics;
import io.teamtalkj.control.proto.ComponentHealth;
import io.teamtalkj.net.EventLoops;
import io.teamtalkj.net.IdleTimeoutHandler;
import io.teamtalkj.net.PduPipelines;
import io.teamtalkj.net.PduServer;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.CommandRegistry;
import io.teamtalkj.pdu.PduDispatcher;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The login-server: a directory of msg-servers that hands clients the least-loaded one.
 * <ul>
 *   <li>msg-server port (8100): PDU links on which msg-servers announce themselves
 *       (IMMsgServInfo) and their user counts (IMUserCntUpdate); an entry lives as long as its link;</li>
 *   <li>HTTP port (8080): {@code GET /msg_server} answers JSON for clients;</li>
 *   <li>legacy port (8008, optional): the same answer as IMMsgServReq/IMMsgServRsp PDUs.</li>
 * </ul>
 * All three share one event-loop group; nothing blocks on it. An optional gRPC control port
 * serves TierHealth (SERVING while a client would get a msg-server).
 */
public final class LoginServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LoginServer.class);

    // TeamTalk's login_server took requests of at most 1 024 bytes; real clients send far less.
    // Headers get a little more room for proxies that add a few.
    static final int MAX_HTTP_LINE = 1024;
    static final int MAX_HTTP_HEADERS = 2048;
    static final int MAX_HTTP_BODY = 1024;

    private final EventLoopGroup workers;
    private final MsgServerRegistry registry;
    private final PduServer links;
    private final PduServer http;
    private final PduServer legacy;
    private final ControlServer control;
    private final TierHealthService health;
    private final TierMetrics metrics;
    private final MetricsHttpServer metricsHttp;
    /** Whether {@code /} serves the web chat (the web module was on the classpath). */
    private volatile boolean webChat;

    private LoginServer(EventLoopGroup workers, MsgServerRegistry registry, PduServer links, PduServer http,
                        PduServer legacy, ControlServer control, TierHealthService health, TierMetrics metrics,
                        MetricsHttpServer metricsHttp) {
        this.workers = workers;
        this.registry = registry;
        this.links = links;
        this.http = http;
        this.legacy = legacy;
        this.control = control;
        this.health = health;
        this.metrics = metrics;
        this.metricsHttp = metricsHttp;
    }

    /**
     * Validates the settings and binds the three ports.
     *
     * @throws IOException when a port cannot be bound (e.g. already in use)
     */
    public static LoginServer start(LoginServerConfig config) throws IOException, InterruptedException {
        config.validate();
        MsgServerRegistry registry = new MsgServerRegistry();
        EventLoopGroup workers = EventLoops.newGroup("login-io", 0);
        PduServer links = null;
        PduServer http = null;
        PduServer legacy = null;
        ControlServer control = null;
        TierHealthService health = null;
        TierMetrics metrics = new TierMetrics();
        LoginMetrics loginMetrics = new LoginMetrics(metrics.registry(), registry);
        MetricsHttpServer metricsHttp = null;
        boolean webChat = false;
        try {
            links = PduServer.start("login-msg-servers", config.listenHost, config.msgServerPort, workers,
                    config.linkTls.enabled() ? config.linkTls.serverContext("the port other tiers link to") : null,
                    p -> msgServerLink(p, config, registry, linkDispatcher(registry)));
            WebFiles web = config.serveWebChat ? WebFiles.load(LoginServer.class.getClassLoader()) : WebFiles.NONE;
            if (web.bundled()) {
                log.info("login-server: web chat served at / ({} files)", web.size());
            }
            webChat = web.bundled();
            MsgServerHttpHandler httpHandler = new MsgServerHttpHandler(registry, config, loginMetrics, web);
            http = PduServer.start("login-http", config.listenHost, config.httpPort, workers,
                    config.clientTls.enabled() ? config.clientTls.serverContext("the HTTP port") : null,
                    p -> httpConnection(p, config, httpHandler));
            if (config.legacyClientPort >= 0) {
                PduDispatcher legacyDispatcher = new PduDispatcher("login-legacy", new CommandRegistry()
                        .register(CommandId.CID_LOGIN_REQ_MSGSERVER, IMMsgServReq.parser(), new MsgServReqHandler(registry, loginMetrics)));
                legacy = PduServer.start("login-legacy", config.listenHost, config.legacyClientPort, workers, p -> {
                    PduPipelines.addClientStack(p, config.maxFrameLength, config.clientIdleTimeout);
                    p.addLast(PduPipelines.DISPATCHER, legacyDispatcher);
                });
            }
            // ready while a client asking now would get a msg-server (as the gRPC health always was)
            health = new TierHealthService("login-server", config.listenHost + ":" + http.port())
                    .addCheck("msg-servers", () -> msgServerHealth(registry));
            if (config.controlPort >= 0) {
                control = ControlServer.start(config.controlHost, config.controlPort, health, List.of());
            }
            if (config.metricsPort >= 0) {
                metricsHttp = MetricsHttpServer.start("login-server", config.metricsHost, config.metricsPort,
                        metrics::scrape, health);
            }
        } catch (Exception e) {
            if (control != null) {
                control.close();
            }
            if (metricsHttp != null) {
                metricsHttp.close();
            }
            metrics.close();
            for (PduServer s : new PduServer[] {legacy, http, links}) {
                if (s != null) {
                    s.close();
                }
            }
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            // Netty rethrows a failed bind's BindException undeclared; give it back typed
            if (e instanceof IOException io) {
                throw io;
            }
            if (e instanceof InterruptedException ie) {
                throw ie;
            }
            throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
        }
        LoginServer server = new LoginServer(workers, registry, links, http, legacy, control, health, metrics,
                metricsHttp);
        server.webChat = webChat;
        log.info("login-server ready: HTTP{} {}:{}, msg-servers {}:{}, legacy TCP {}, control {}",
                config.clientTls.enabled() ? "S" : "", config.listenHost,
                http.port(), config.listenHost, links.port(),
                legacy == null ? "off" : config.listenHost + ":" + legacy.port(),
                control == null ? "off" : config.controlHost + ":" + control.port());
        return server;
    }

    /** Serving while a client asking now would get a msg-server. */
    static ComponentHealth msgServerHealth(MsgServerRegistry registry) {
        MsgServerChoice choice = registry.choose();
        String detail = registry.size() + " registered, " + registry.totalUsers() + " users"
                + (choice.code() == MsgServerChoice.ALL_FULL ? ", all full" : "");
        return TierHealthService.component("msg-servers", choice.code() == MsgServerChoice.OK, detail);
    }

    private static PduDispatcher linkDispatcher(MsgServerRegistry registry) {
        return new PduDispatcher("login-msg-server-link", new CommandRegistry()
                .register(CommandId.CID_OTHER_MSG_SERV_INFO, IMMsgServInfo.parser(), new MsgServInfoHandler(registry))
                .register(CommandId.CID_OTHER_USER_CNT_UPDATE, IMUserCntUpdate.parser(), new UserCntUpdateHandler(registry)));
    }

    private static void msgServerLink(ChannelPipeline p, LoginServerConfig config, MsgServerRegistry registry,
                                      PduDispatcher dispatcher) {
        PduPipelines.addLinkStack(p, config.maxFrameLength, config.linkHeartbeat, config.linkTimeout);
        p.addLast(PduPipelines.DISPATCHER, dispatcher);
        Channel ch = p.channel();
        log.info("msg-server link from {}", ch.remoteAddress());
        ch.closeFuture().addListener(f -> {
            log.info("msg-server link from {} closed", ch.remoteAddress());
            registry.remove(ch);
        });
    }

    private static void httpConnection(ChannelPipeline p, LoginServerConfig config, MsgServerHttpHandler handler) {
        p.addLast("idle", new IdleTimeoutHandler(config.httpIdleTimeout));
        p.addLast("http", new HttpServerCodec(new HttpDecoderConfig()
                .setMaxInitialLineLength(MAX_HTTP_LINE)
                .setMaxHeaderSize(MAX_HTTP_HEADERS)));
        p.addLast("aggregate", new HttpObjectAggregator(MAX_HTTP_BODY));
        p.addLast("msgServer", handler);
    }

    /** Whether the web chat is served at {@code /} of the HTTP port. */
    public boolean servesWebChat() {
        return webChat;
    }

    public int httpPort() {
        return http.port();
    }

    public int msgServerPort() {
        return links.port();
    }

    /** The legacy TCP port, or -1 when it is disabled. */
    public int legacyPort() {
        return legacy == null ? -1 : legacy.port();
    }

    public MsgServerRegistry registry() {
        return registry;
    }

    /** The gRPC control port, or -1 when it is disabled. */
    public int controlPort() {
        return control == null ? -1 : control.port();
    }

    /** The HTTP port (/metrics, /health, /ready), or -1 when it is disabled. */
    public int metricsPort() {
        return metricsHttp == null ? -1 : metricsHttp.port();
    }

    /** Stops accepting clients, then drops the msg-server links, then stops the event loops. */
    @Override
    public void close() {
        health.markShuttingDown(); // NOT_SERVING first, so balancers stop sending clients here
        if (control != null) {
            control.close();
        }
        if (metricsHttp != null) {
            metricsHttp.close();
        }
        metrics.close();
        if (legacy != null) {
            legacy.close();
        }
        http.close();
        links.close();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        log.info("login-server stopped");
    }
}
