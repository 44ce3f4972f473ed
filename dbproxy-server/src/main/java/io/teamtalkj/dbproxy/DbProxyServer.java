package io.teamtalkj.dbproxy;

import io.grpc.BindableService;
import io.netty.channel.Channel;
import io.teamtalkj.control.CachedCheck;
import io.teamtalkj.control.ControlServer;
import io.teamtalkj.control.MetricsHttpServer;
import io.teamtalkj.control.TierHealthService;
import io.teamtalkj.control.TierMetrics;
import io.teamtalkj.control.proto.ComponentHealth;
import io.teamtalkj.dbproxy.core.DbContext;
import io.teamtalkj.dbproxy.core.DbHandlers;
import io.teamtalkj.dbproxy.handler.Handlers;
import io.teamtalkj.dbproxy.storage.ClientMsgIdPurger;
import io.teamtalkj.dbproxy.storage.Storage;
import io.teamtalkj.net.PduLink;
import io.teamtalkj.net.PduPipelines;
import io.teamtalkj.net.PduServer;
import io.teamtalkj.net.ReadWhileWritable;
import io.teamtalkj.pdu.OrderedExecutor;
import io.teamtalkj.pdu.PduDispatcher;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage tier: a Netty reactor taking PDU links from msg-servers, an ordered worker pool
 * serving them against MySQL and Redis, and a gRPC control port (health, admin).
 */
public final class DbProxyServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DbProxyServer.class);

    private final DbProxyConfig config;
    private final Storage storage;
    private final DbContext context;
    private final OrderedExecutor pool;
    private final PduServer server;
    private final Operations ops;
    private final DbProxyDrain drain;
    private final ClientMsgIdPurger purger;
    private volatile boolean aborted;
    private final AtomicBoolean closed = new AtomicBoolean();

    private DbProxyServer(DbProxyConfig config, Storage storage, DbContext context, OrderedExecutor pool,
                          PduServer server, Operations ops, DbProxyDrain drain) {
        this.drain = drain;
        this.config = config;
        this.storage = storage;
        this.context = context;
        this.pool = pool;
        this.server = server;
        this.ops = ops;
        this.purger = new ClientMsgIdPurger(storage, config.clientMsgIdRetention, config.purgeInterval);
    }

    /** Validates the settings, connects storage (migrating the schema), then starts listening. */
    public static DbProxyServer start(DbProxyConfig config) throws InterruptedException, IOException {
        config.validate();
        Storage storage = Storage.open(config);
        DbContext context = new DbContext(config, storage, DbContext::systemNow);
        TierMetrics tierMetrics = new TierMetrics();
        DbProxyMetrics metrics = new DbProxyMetrics(tierMetrics, config.batchSize);
        OrderedExecutor pool = new OrderedExecutor("dbproxy", config.workers, config.batchSize, config.queueCapacity,
                metrics);
        metrics.bind(pool, storage);
        PduDispatcher dispatcher = new PduDispatcher("dbproxy", DbHandlers.registry(Handlers.all(), context, pool));
        DbProxyDrain drain = new DbProxyDrain();
        PduServer server = null;
        Operations ops = new Operations(tierMetrics);
        try {
            server = PduServer.start("dbproxy", config.listenHost, config.port, null,
                    config.linkTls.enabled() ? config.linkTls.serverContext("the port other tiers link to") : null, p -> {
                PduPipelines.addLinkStack(p, config.maxFrameLength, PduLink.Settings.DEFAULT.heartbeat(),
                        PduLink.Settings.DEFAULT.timeout());
                p.addLast("readWhileWritable", ReadWhileWritable.INSTANCE); // a msg-server not reading answers sends no more
                p.addLast("drain", drain); // before the dispatcher: it takes the msg-servers' drain acks
                p.addLast(PduPipelines.DISPATCHER, dispatcher);
            });
            ops.start(config, storage, context, server.port());
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (server != null) {
                server.close();
            }
            ops.close();
            pool.close();
            storage.close();
            throw e;
        }
        DbProxyServer dbproxy = new DbProxyServer(config, storage, context, pool, server, ops, drain);
        log.info("dbproxy-server ready on {}:{} ({} workers, batch {})", config.listenHost, server.port(),
                config.workers, config.batchSize);
        return dbproxy;
    }

    /**
     * The operator's side: readiness (MySQL can give a connection, Redis answers; each probed at
     * most once a second on its own thread), the gRPC control port and the HTTP metrics port.
     */
    private static final class Operations implements AutoCloseable {
        private final TierMetrics metrics;
        private TierHealthService health;
        private final List<CachedCheck> checks = new ArrayList<>();
        private ControlServer control;
        private MetricsHttpServer http;

        Operations(TierMetrics metrics) {
            this.metrics = metrics;
        }

        void start(DbProxyConfig config, Storage storage, DbContext context, int port) throws IOException {
            health = new TierHealthService("dbproxy-server", config.listenHost + ":" + port)
                    .addCheck("mysql", cached("mysql", () -> TierHealthService.component("mysql",
                            storage.databaseAlive(), "pool of " + config.dbPoolSize)))
                    .addCheck("redis", cached("redis", () -> TierHealthService.component("redis",
                            storage.redisAlive(), "")));
            if (config.controlPort >= 0) {
                List<BindableService> services = new ArrayList<>(Handlers.controlServices(context));
                control = ControlServer.start(config.controlHost, config.controlPort, health, services);
            }
            if (config.metricsPort >= 0) {
                http = MetricsHttpServer.start("dbproxy-server", config.metricsHost, config.metricsPort,
                        metrics::scrape, health);
            }
        }

        private CachedCheck cached(String name, Supplier<ComponentHealth> probe) {
            CachedCheck check = new CachedCheck(name, Duration.ofSeconds(1), Duration.ofSeconds(1), probe);
            checks.add(check);
            return check;
        }

        @Override
        public void close() {
            if (health != null) {
                health.markShuttingDown();
            }
            if (control != null) {
                control.close();
            }
            if (http != null) {
                http.close();
            }
            checks.forEach(CachedCheck::close);
            metrics.close();
        }
    }

    public int port() {
        return server.port();
    }

    public int controlPort() {
        return ops.control == null ? -1 : ops.control.port();
    }

    /** The HTTP port (/metrics, /health, /ready), or -1 when disabled. */
    public int metricsPort() {
        return ops.http == null ? -1 : ops.http.port();
    }

    /** The settings it was started with. */
    public DbProxyConfig config() {
        return config;
    }

    public DbContext context() {
        return context;
    }

    public ClientMsgIdPurger purger() {
        return purger;
    }

    public OrderedExecutor pool() {
        return pool;
    }

    /** The msg-server links' channels (for tests and diagnostics). */
    public List<Channel> linkChannels() {
        return server.connections();
    }

    /** msg-server links currently connected. */
    public int links() {
        return drain.links();
    }

    /**
     * What a kill -9 looks like to the msg-servers, within one JVM (fault tests): every link and
     * the listener close at once, with no drain and no notice, then the database pools, so work
     * still queued fails instead of being stored and answered late; then the rest stops.
     */
    public void abort() {
        if (closed.get()) {
            return;
        }
        aborted = true;
        log.warn("dbproxy-server aborting: links closed without a drain");
        server.close();
        storage.close();
        close();
    }

    /**
     * Drains (see {@link DbProxyDrain}): tells linked msg-servers to stop sending
     * (IMStopReceivePacket) and waits, at most the drain timeout, until each has acked and moved
     * its conversations to another dbproxy and the workers have answered everything that came
     * before; then closes listeners and storage.
     */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return; // closed already (abort() then the owner's close())
        }
        if (!aborted) {
            try {
                drain.drain(pool, config.drainTimeout);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // stop at once: what is queued still finishes in pool.close()
            }
        }
        ops.close();
        purger.close();
        pool.close();
        if (!aborted) { // abort() closed these first
            server.close();
            storage.close();
        }
        log.info("dbproxy-server stopped");
    }
}
