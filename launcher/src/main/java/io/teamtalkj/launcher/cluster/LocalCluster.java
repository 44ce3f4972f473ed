package io.teamtalkj.launcher.cluster;

import io.teamtalkj.dbproxy.DbProxyConfig;
import io.teamtalkj.dbproxy.DbProxyServer;
import io.teamtalkj.embedded.EmbeddedMariaDb;
import io.teamtalkj.embedded.EmbeddedRedis;
import io.teamtalkj.api.ApiServer;
import io.teamtalkj.api.ApiServerConfig;
import io.teamtalkj.file.FileServer;
import io.teamtalkj.file.FileServerConfig;
import io.teamtalkj.login.LoginServer;
import io.teamtalkj.login.LoginServerConfig;
import io.teamtalkj.msgserver.MsgServer;
import io.teamtalkj.msgserver.MsgServerConfig;
import io.teamtalkj.push.PushServer;
import io.teamtalkj.push.PushServerConfig;
import io.teamtalkj.route.RouteServer;
import io.teamtalkj.route.RouteServerConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every tier in one JVM: embedded MariaDB and redis-server (unless URLs are given), a dbproxy, the
 * login-server, the file-server and the msg-servers, wired as separate processes would be (over
 * loopback links).
 * {@link #close()} stops them in reverse order.
 */
public final class LocalCluster implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LocalCluster.class);
    /** Control and metrics ports bind loopback only. */
    private static final String LOOPBACK = "127.0.0.1:";

    /** What to start, and where. */
    public static final class Options {
        public int msgServers = 2;
        public int routeServers = 2;
        /** dbproxies on the same database; each one after the first listens on free ports (fault tests fail over between them). */
        public int dbProxies = 1;
        /** First port of the fixed layout ({@link ClusterPorts}); {@link ClusterPorts#FREE_PORTS} = every tier on a free port. */
        public int portBase = 8000;
        /** Address every tier binds; clients are told {@link #advertiseHost}. */
        public String listenHost = "127.0.0.1";
        public String advertiseHost = "127.0.0.1";
        /** External MySQL/MariaDB (jdbc:mysql://...), or null for the embedded one. */
        public String dbUrl;
        public String dbUser = "root";
        public String dbPassword = "";
        /** External Redis (redis://, rediss://, redis-sentinel://, redis-cluster://), or null for the embedded one. */
        public String redisUrl;
        /** Embedded MariaDB's data (kept across restarts). */
        public Path dataDir = defaultDataDir();
        public boolean seedDemoData = true;
        /** Messages per second each client connection may send (TeamTalk: 20); 0 = unlimited, for load tests. */
        public int messageRateLimit = 20;
        /** Group governance limits and notice language of the dbproxies (see DbProxyConfig). */
        public int groupMaxMembers = 2000;
        public int groupMaxAdmins = 10;
        public String groupNoticeLanguage = "en";
        /** Start the api-server (HTTP API, 8400 with the default base); needs a route-server. */
        public boolean apiServer = true;
        /** How often the api-server re-reads applications (tests shorten it). */
        public java.time.Duration apiAppReload = java.time.Duration.ofMinutes(2);
        /** Start a push-server (log provider) and link the msg-servers to it. */
        public boolean pushServer = true;
        /** Also POST every push to this webhook (tests watch pushes there); null = log only. */
        public java.net.URI pushWebhook;

        public static Path defaultDataDir() {
            return Path.of(System.getProperty("user.home"), ".teamtalk-j", "data");
        }

        void validate() {
            if (msgServers < 1 || msgServers > 9) {
                throw new IllegalArgumentException("msg-servers must be 1..9 (got " + msgServers + ")");
            }
            if (dbProxies < 1 || dbProxies > 9) {
                throw new IllegalArgumentException("dbproxies must be 1..9 (got " + dbProxies + ")");
            }
            if (routeServers < 0 || routeServers > 9) {
                throw new IllegalArgumentException("route-servers must be 0..9 (got " + routeServers + ")");
            }
            new ClusterPorts(portBase);
            if (portBase != ClusterPorts.FREE_PORTS && msgServers > ClusterPorts.MAX_MSG_SERVERS) {
                throw new IllegalArgumentException("msg-servers must be 1.." + ClusterPorts.MAX_MSG_SERVERS
                        + " with a port base (the next would take the login-server's ports), or any up to 9 with port base "
                        + ClusterPorts.FREE_PORTS + " (got " + msgServers + ")");
            }
            if (messageRateLimit < 0) {
                throw new IllegalArgumentException("message rate limit must be >= 0 (got " + messageRateLimit + ")");
            }
            if (dbUrl != null && !dbUrl.startsWith("jdbc:mysql://") && !dbUrl.startsWith("jdbc:mariadb://")) {
                throw new IllegalArgumentException("--db-url must start with jdbc:mysql:// (got " + dbUrl + ")");
            }
            if (redisUrl != null) {
                io.teamtalkj.dbproxy.storage.RedisUrl.parse(redisUrl);
            }
        }
    }

    private final Options options;
    private final ClusterPorts ports;
    private final List<AutoCloseable> started = new ArrayList<>();
    private EmbeddedMariaDb mariaDb;
    private EmbeddedRedis redis;
    private DbProxyServer dbProxy;
    private final List<DbProxyServer> dbProxies = new ArrayList<>();
    private LoginServer login;
    private FileServer files;
    private PushServer push;
    private final List<RouteServer> routeServers = new ArrayList<>();
    private final List<MsgServer> msgServers = new ArrayList<>();
    private ApiServer api;
    /** DATA/api-master.key: the dbproxies' --api-master-key-file. */
    public static final String API_MASTER_KEY_FILE = "api-master.key";
    private String apiMasterKey = "";
    private final List<MsgServerConfig> msgConfigs = new ArrayList<>();
    private String dbUrl;
    private String redisUrl;
    private ClusterLayout layout;

    private LocalCluster(Options options) {
        this.options = options;
        this.ports = new ClusterPorts(options.portBase);
    }

    /** Starts everything or, if a part fails, stops what was started and throws. */
    public static LocalCluster start(Options options) throws Exception {
        options.validate();
        LocalCluster cluster = new LocalCluster(options);
        try {
            cluster.startAll();
            cluster.layout = cluster.reportLayout();
            cluster.layout.write(options.dataDir.toAbsolutePath());
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    private void startAll() throws Exception {
        startStorage();
        String tokenSecret = SessionTokenSecret.readOrCreate(options.dataDir.toAbsolutePath());
        // every dbproxy seals and opens the api applications' signing keys with this one key
        apiMasterKey = SessionTokenSecret.readOrCreate(options.dataDir.toAbsolutePath(), API_MASTER_KEY_FILE);
        DbProxyConfig db = dbProxyConfig(ports.dbProxy(), ports.dbProxyControl(), ports.dbProxyMetrics());
        dbProxy = startTier("dbproxy-server", () -> DbProxyServer.start(db),
                at(options.listenHost, db.port), at(db.controlHost, db.controlPort), at(db.metricsHost, db.metricsPort));
        dbProxies.add(dbProxy);
        for (int i = 1; i < options.dbProxies; i++) {
            DbProxyConfig more = dbProxyConfig(0, 0, 0);
            dbProxies.add(startTier("dbproxy-server-" + (i + 1), () -> DbProxyServer.start(more)));
        }
        List<InetSocketAddress> dbAddresses = new ArrayList<>();
        for (DbProxyServer d : dbProxies) {
            dbAddresses.add(InetSocketAddress.createUnresolved("127.0.0.1", d.port()));
        }

        List<InetSocketAddress> routes = new ArrayList<>();
        for (int i = 0; i < options.routeServers; i++) {
            RouteServerConfig rc = new RouteServerConfig();
            rc.listenHost = options.listenHost;
            rc.port = ports.routeServer(i);
            rc.controlPort = ports.routeControl(i);
            rc.metricsPort = ports.routeMetrics(i);
            // one loop: relays from one msg-server to another are then forwarded on the loop that read
            // them, and all those of one read leave in one flush (every tier shares this JVM's cores)
            rc.ioThreads = 1;
            RouteServer route = startTier("route-server-" + (i + 1), () -> RouteServer.start(rc),
                    at(rc.listenHost, rc.port), at(rc.controlHost, rc.controlPort), at(rc.metricsHost, rc.metricsPort));
            routeServers.add(route);
            routes.add(InetSocketAddress.createUnresolved("127.0.0.1", route.port()));
        }

        FileServerConfig fc = new FileServerConfig();
        fc.listenHost = options.listenHost;
        fc.clientPort = ports.fileClients();
        fc.msgServerPort = ports.fileMsgServers();
        fc.httpPort = ports.imageStore();
        fc.metricsPort = ports.fileMetrics();
        fc.advertisedHosts = new ArrayList<>(List.of(options.advertiseHost));
        fc.storageDir = options.dataDir.toAbsolutePath().resolve("files");
        fc.ioThreads = 2;
        files = startTier("file-server", () -> FileServer.start(fc), at(fc.listenHost, fc.clientPort),
                at(fc.listenHost, fc.msgServerPort), at(fc.listenHost, fc.httpPort), at(fc.metricsHost, fc.metricsPort));

        LoginServerConfig lc = new LoginServerConfig();
        lc.listenHost = options.listenHost;
        lc.httpPort = ports.loginHttp();
        lc.msgServerPort = ports.loginLinks();
        lc.legacyClientPort = -1;
        lc.metricsPort = ports.loginMetrics();
        lc.msfsPrior = "http://" + options.advertiseHost + ":" + files.httpPort() + "/";
        lc.msfsBackup = lc.msfsPrior;
        login = startTier("login-server", () -> LoginServer.start(lc), at(lc.listenHost, lc.httpPort),
                at(lc.listenHost, lc.msgServerPort), at(lc.controlHost, lc.controlPort), at(lc.metricsHost, lc.metricsPort));

        if (options.pushServer) {
            PushServerConfig pc = new PushServerConfig();
            pc.listenHost = options.listenHost;
            pc.port = ports.pushServer();
            pc.controlPort = ports.pushControl();
            pc.metricsPort = ports.pushMetrics();
            pc.webhookUrl = options.pushWebhook;
            pc.ioThreads = 1;
            pc.httpThreads = 1;
            push = startTier("push-server", () -> PushServer.start(pc), at(pc.listenHost, pc.port),
                    at(pc.controlHost, pc.controlPort), at(pc.metricsHost, pc.metricsPort));
        }

        for (int i = 0; i < options.msgServers; i++) {
            MsgServerConfig mc = new MsgServerConfig();
            mc.listenHost = options.listenHost;
            mc.port = ports.msgServer(i);
            mc.ip1 = options.advertiseHost;
            mc.ip2 = options.advertiseHost;
            mc.hostName = "msg-server-" + (i + 1);
            mc.controlPort = ports.msgServerControl(i);
            mc.metricsPort = ports.msgServerMetrics(i);
            // the ports the tiers bound, not the layout's: with free ports the layout says 0
            mc.dbProxies = new ArrayList<>(dbAddresses);
            mc.loginServers = new ArrayList<>(List.of(InetSocketAddress.createUnresolved("127.0.0.1", login.msgServerPort())));
            mc.routeServers = new ArrayList<>(routes);
            mc.fileServers = new ArrayList<>(List.of(InetSocketAddress.createUnresolved("127.0.0.1", files.msgServerPort())));
            if (push != null) {
                mc.pushServers = new ArrayList<>(List.of(InetSocketAddress.createUnresolved("127.0.0.1", push.port())));
            }
            mc.ioThreads = 2;
            mc.messageRateLimit = options.messageRateLimit;
            mc.sessionTokenSecret = tokenSecret;
            msgConfigs.add(mc);
            msgServers.add(startTier(mc.hostName, () -> MsgServer.start(mc), at(mc.listenHost, mc.port),
                    at(mc.controlHost, mc.controlPort), at(mc.metricsHost, mc.metricsPort)));
        }

        // the api-server delivers through a route-server: a cluster without one has no HTTP API
        if (options.apiServer && !routes.isEmpty()) {
            ApiServerConfig ac = new ApiServerConfig();
            ac.listenHost = options.listenHost;
            ac.port = ports.apiServer();
            ac.controlPort = ports.apiControl();
            ac.metricsPort = ports.apiMetrics();
            ac.dbProxies = new ArrayList<>(dbAddresses);
            ac.dbProxyControl = new io.teamtalkj.net.HostPort("127.0.0.1", dbProxy.controlPort());
            ac.routeServers = new ArrayList<>(routes);
            ac.appReload = options.apiAppReload;
            if (push != null) {
                ac.pushServers = new ArrayList<>(List.of(InetSocketAddress.createUnresolved("127.0.0.1", push.port())));
            }
            api = startTier("api-server", () -> ApiServer.start(ac), at(ac.listenHost, ac.port),
                    at(ac.controlHost, ac.controlPort), at(ac.metricsHost, ac.metricsPort));
        }
    }

    private DbProxyConfig dbProxyConfig(int port, int controlPort, int metricsPort) {
        DbProxyConfig db = new DbProxyConfig();
        db.listenHost = options.listenHost;
        db.port = port;
        db.controlHost = "127.0.0.1";
        db.controlPort = controlPort;
        db.metricsPort = metricsPort;
        db.dbUrl = dbUrl;
        db.dbUser = options.dbUrl == null ? "root" : options.dbUser;
        db.dbPassword = options.dbUrl == null ? "" : options.dbPassword;
        db.redisUrl = redisUrl;
        db.workers = 4;
        db.dbPoolSize = 8;
        db.groupMaxMembers = options.groupMaxMembers;
        db.groupMaxAdmins = options.groupMaxAdmins;
        db.groupNoticeLanguage = options.groupNoticeLanguage;
        db.apiMasterKey = apiMasterKey;
        return db;
    }

    private void startStorage() throws Exception {
        if (options.dbUrl == null) {
            Path data = options.dataDir.toAbsolutePath();
            Files.createDirectories(data);
            mariaDb = startTier("embedded MariaDB", () -> EmbeddedMariaDb.start(data.resolve("mariadb-base"),
                    data.resolve("mariadb"), ports.mariaDb()), at("127.0.0.1", ports.mariaDb()));
            mariaDb.createDatabase("teamtalk");
            dbUrl = mariaDb.jdbcUrl("teamtalk");
        } else {
            dbUrl = options.dbUrl;
        }
        if (options.redisUrl == null) {
            // a fixed directory, so a redis-server orphaned by a kill -9 is found and stopped next time
            Path data = options.dataDir.toAbsolutePath();
            Files.createDirectories(data);
            redis = startTier("embedded Redis", () -> EmbeddedRedis.start(data.resolve("redis"), ports.redis(), true),
                    at("127.0.0.1", ports.redis()));
            redisUrl = redis.url();
        } else {
            redisUrl = options.redisUrl;
        }
    }

    /** Starting one part of the cluster. */
    @FunctionalInterface
    private interface Starter<T> {
        T start() throws Exception;
    }

    /**
     * Starts a tier and keeps it for {@link #close()}. The tiers' own bind errors do not say which
     * of their ports was taken; when one fails that way, the first of its layout ports that is held
     * by someone is named.
     */
    private <T extends AutoCloseable> T startTier(String tier, Starter<T> starter, InetSocketAddress... layoutPorts)
            throws Exception {
        T part;
        try {
            part = starter.start();
        } catch (Exception e) {
            if (isBindFailure(e)) {
                for (InetSocketAddress a : layoutPorts) {
                    if (a.getPort() > 0 && !canBind(a.getHostString(), a.getPort())) {
                        throw new PortInUseException(tier, a.getHostString(), a.getPort(), ports, e);
                    }
                }
            }
            throw e;
        }
        started.add(part);
        return part;
    }

    /** A port of the layout; -1 (off) and 0 (free) come out as 0, which no one can hold. */
    private static InetSocketAddress at(String host, int port) {
        return InetSocketAddress.createUnresolved(host, Math.max(port, 0));
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException || String.valueOf(t.getMessage()).contains("already in use")) {
                return true;
            }
        }
        return false;
    }

    /** Only to name the culprit after a bind failed, never to pick a port. */
    private static boolean canBind(String host, int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(host, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Seeds demo data into an empty directory; returns whether it did. */
    public boolean seedIfEmpty(PrintWriter out) {
        return DemoData.seedIfEmpty("127.0.0.1", dbProxy.controlPort(), out);
    }

    /** Where the tiers listen, from the ports they report (with free ports the layout's arithmetic says 0). */
    private ClusterLayout reportLayout() {
        List<String> clients = new ArrayList<>();
        List<String> msgControls = new ArrayList<>();
        Map<String, String> metrics = new LinkedHashMap<>();
        metrics.put("dbproxy-server", LOOPBACK + dbProxy.metricsPort());
        for (int i = 0; i < routeServers.size(); i++) {
            metrics.put("route-server-" + (i + 1), LOOPBACK + routeServers.get(i).metricsPort());
        }
        metrics.put("login-server", LOOPBACK + login.metricsPort());
        metrics.put("file-server", LOOPBACK + files.metricsPort());
        if (api != null && api.metricsPort() >= 0) {
            metrics.put("api-server", LOOPBACK + api.metricsPort());
        }
        if (push != null) {
            metrics.put("push-server", LOOPBACK + push.metricsPort());
        }
        for (MsgServer m : msgServers) {
            clients.add(options.advertiseHost + ":" + m.port());
            msgControls.add(LOOPBACK + m.controlPort());
            metrics.put(m.config().hostName, LOOPBACK + m.metricsPort());
        }
        return new ClusterLayout(ProcessHandle.current().pid(), loginUrl(), clients, msgControls, routeControls(),
                LOOPBACK + dbProxy.controlPort(), metrics);
    }

    /** The web chat's address (the login-server's HTTP root), served when the web module is on the classpath. */
    public String webChatUrl() {
        return "http://" + options.advertiseHost + ":" + login.httpPort() + "/";
    }

    /** What the tiers reported at start: the addresses {@code chat}, {@code admin} ... are given. */
    public ClusterLayout layout() {
        return layout;
    }

    /** A readable list of what listens where. */
    public void describe(PrintWriter out) {
        out.println("TeamTalk-J cluster is up:");
        out.printf("  %-22s %s%n", "storage", (mariaDb != null ? "embedded MariaDB 127.0.0.1:" + mariaDb.port()
                + " (data " + options.dataDir.toAbsolutePath().resolve("mariadb") + ")" : "MySQL " + dbUrl)
                + ", " + (redis != null ? "embedded Redis 127.0.0.1:" + redis.port() : "Redis " + redisUrl));
        out.printf("  %-22s %s:%d (control %d, metrics :%d)%n", "dbproxy-server", options.listenHost, dbProxy.port(),
                dbProxy.controlPort(), dbProxy.metricsPort());
        for (int i = 0; i < routeServers.size(); i++) {
            RouteServer r = routeServers.get(i);
            out.printf("  %-22s %s:%d (control %d, metrics :%d)%n",
                    "route-server-" + (i + 1), options.listenHost, r.port(), r.controlPort(), r.metricsPort());
        }
        out.printf("  %-22s http://%s:%d/msg_server (msg-server links %d; metrics :%d)%n", "login-server",
                options.advertiseHost, login.httpPort(), login.msgServerPort(), login.metricsPort());
        out.printf("  %-22s %s:%d (msg-server links %d; image store http://%s:%d/; metrics :%d; files %s)%n",
                "file-server", options.listenHost, files.clientPort(), files.msgServerPort(), options.advertiseHost,
                files.httpPort(), files.metricsPort(), files.config().storageDir);
        if (push != null) {
            out.printf("  %-22s %s:%d (control %d, metrics :%d; pushes are logged%s; ./teamtalk push-stats --push 127.0.0.1:%d)%n",
                    "push-server", options.listenHost, push.port(), push.controlPort(), push.metricsPort(),
                    options.pushWebhook == null ? "" : " and posted to " + options.pushWebhook, push.controlPort());
        }
        for (MsgServer m : msgServers) {
            out.printf("  %-22s %s:%d (control %d, metrics http://127.0.0.1:%d/metrics%s)%n", m.config().hostName,
                    options.listenHost, m.port(), m.controlPort(), m.metricsPort(),
                    m.wsPort() < 0 ? "" : "; WebSocket " + m.wsUrl());
        }
        if (api != null) {
            out.printf("  %-22s http://%s:%d/ (OpenAPI /openapi.json; control %d, metrics :%d; apps: teamtalk admin app add)%n",
                    "api-server", options.advertiseHost, api.port(), api.controlPort(), api.metricsPort());
        }
        out.println("Every metrics port serves Prometheus /metrics, liveness /health and readiness /ready.");
        if (login.servesWebChat()) {
            out.println("Web chat: open " + webChatUrl() + " in a browser"
                    + (options.seedDemoData ? " (log in as alice / alice123)" : "") + ".");
        }
        out.println("Connect a TeamTalk client to " + loginUrl() + ". Tools for this cluster:");
        for (String line : layout.commandLines(options.seedDemoData ? "alice" : "NAME")) {
            out.println("  ./teamtalk " + line);
        }
        Path dir = options.dataDir.toAbsolutePath();
        out.println("The layout is in " + ClusterLayout.file(dir) + "; instead of the addresses, each tool takes");
        out.println("  --cluster " + dir + "   (e.g. ./teamtalk admin --cluster " + dir + " user list)");
        out.println("Ctrl-C stops everything.");
        out.flush();
    }

    public String loginUrl() {
        return "http://" + options.advertiseHost + ":" + login.httpPort() + "/msg_server";
    }

    public List<RouteServer> routeServers() {
        return Collections.unmodifiableList(routeServers);
    }

    /** gRPC control addresses of the route-servers (for route-stats and the load tester). */
    public List<String> routeControls() {
        List<String> out = new ArrayList<>();
        for (RouteServer r : routeServers) {
            out.add(LOOPBACK + r.controlPort());
        }
        return out;
    }

    public List<MsgServer> msgServers() {
        return Collections.unmodifiableList(msgServers);
    }

    /** The first dbproxy (the one whose control port the tools use). */
    /**
     * Stops msg-server {@code i} as SIGTERM would (drain, clients told); {@link #startMsgServerAgain}
     * brings it back on the ports it had bound, so clients reconnect to the same addresses.
     */
    public void stopMsgServer(int i) {
        MsgServer old = msgServers.get(i);
        MsgServerConfig mc = msgConfigs.get(i);
        mc.port = old.port();
        mc.wsPort = old.wsPort();
        mc.controlPort = old.controlPort();
        mc.metricsPort = old.metricsPort();
        started.remove(old);
        old.close();
    }

    /** Starts msg-server {@code i} again after {@link #stopMsgServer}, on the same ports. */
    public MsgServer startMsgServerAgain(int i) throws Exception {
        MsgServerConfig mc = msgConfigs.get(i);
        MsgServer again = startTier(mc.hostName, () -> MsgServer.start(mc), at(mc.listenHost, mc.port));
        msgServers.set(i, again);
        return again;
    }

    public DbProxyServer dbProxy() {
        return dbProxy;
    }

    /** Every dbproxy, the first one first. */
    public List<DbProxyServer> dbProxies() {
        return Collections.unmodifiableList(dbProxies);
    }

    /** The JDBC URL the dbproxies use (user root, no password, unless Options.dbUrl was given). */
    public String dbUrl() {
        return dbUrl;
    }

    /** The api-server, or null when {@link Options#apiServer} is off. */
    public ApiServer apiServer() {
        return api;
    }

    public LoginServer loginServer() {
        return login;
    }

    public FileServer fileServer() {
        return files;
    }

    /** The push-server, or null when {@link Options#pushServer} is off. */
    public PushServer pushServer() {
        return push;
    }

    @Override
    public void close() {
        List<AutoCloseable> parts = new ArrayList<>(started);
        Collections.reverse(parts);
        for (AutoCloseable p : parts) {
            try {
                p.close();
            } catch (Exception e) {
                log.warn("stopping {}: {}", p.getClass().getSimpleName(), e.toString());
            }
        }
        started.clear();
        if (layout != null) {
            try {
                layout.removeFrom(options.dataDir.toAbsolutePath());
            } catch (IOException e) {
                log.warn("cannot remove {}: {}", ClusterLayout.file(options.dataDir.toAbsolutePath()), e.toString());
            }
            layout = null;
        }
    }
}
