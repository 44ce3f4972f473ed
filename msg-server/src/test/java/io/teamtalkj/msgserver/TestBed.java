package io.teamtalkj.msgserver;

import io.teamtalkj.dbproxy.DbProxyConfig;
import io.teamtalkj.dbproxy.DbProxyServer;
import io.teamtalkj.dbproxy.testing.DirectoryRows;
import io.teamtalkj.dbproxy.testing.EmbeddedStorage;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;

/**
 * A real dbproxy on a fresh database (embedded MariaDB + redis-server, shared per JVM) and
 * msg-servers linked to it, on free ports. One per test class.
 */
public final class TestBed implements AutoCloseable {
    public final DbProxyConfig dbConfig;
    public final DbProxyServer dbProxy;
    private final List<MsgServer> msgServers = new ArrayList<>();

    private TestBed(DbProxyConfig dbConfig, DbProxyServer dbProxy) {
        this.dbConfig = dbConfig;
        this.dbProxy = dbProxy;
    }

    public static TestBed start() throws Exception {
        return start(cfg -> { });
    }

    /** @param tweak changes the dbproxy's config before it starts (e.g. TLS) */
    public static TestBed start(java.util.function.Consumer<DbProxyConfig> tweak) throws Exception {
        DbProxyConfig cfg = EmbeddedStorage.freshConfig();
        tweak.accept(cfg);
        return new TestBed(cfg, DbProxyServer.start(cfg));
    }

    /** A msg-server config for this bed: loopback, free port, no route, login or file servers. */
    public MsgServerConfig msgConfig(String name) {
        MsgServerConfig c = new MsgServerConfig();
        c.listenHost = "127.0.0.1";
        c.port = 0;
        c.hostName = name;
        c.controlPort = -1;
        c.metricsPort = -1;
        c.dbProxies = new ArrayList<>(List.of(InetSocketAddress.createUnresolved("127.0.0.1", dbProxy.port())));
        c.loginServers = new ArrayList<>();
        c.routeServers = new ArrayList<>();
        c.fileServers = new ArrayList<>();
        c.kickGrace = Duration.ofMillis(300);
        return c;
    }

    public MsgServer startMsgServer(MsgServerConfig c) throws Exception {
        return startMsgServer(c, null);
    }

    public MsgServer startMsgServer(MsgServerConfig c, MsgServer.Links links) throws Exception {
        MsgServer s = MsgServer.start(c, links);
        msgServers.add(s);
        awaitDbLink(s);
        return s;
    }

    public static void awaitDbLink(MsgServer s) {
        Awaitility.await("msg-server linked to the dbproxy").atMost(Duration.ofSeconds(10)).until(() -> s.db().anyUp());
    }

    /** A login-server on free loopback ports (no legacy port); the caller closes it. */
    public static io.teamtalkj.login.LoginServer startLoginServer() throws Exception {
        io.teamtalkj.login.LoginServerConfig lc = new io.teamtalkj.login.LoginServerConfig();
        lc.listenHost = "127.0.0.1";
        lc.httpPort = 0;
        lc.msgServerPort = 0;
        lc.legacyClientPort = -1;
        lc.metricsPort = 0;
        return io.teamtalkj.login.LoginServer.start(lc);
    }

    /** A user with a TeamTalk-format password row; status 0 = active, 1 = disabled. */
    public void user(int id, String name, String password, int status) throws Exception {
        DirectoryRows.user(dbConfig, id, name, password, "1234", status, 1_600_000_000);
    }

    public void user(int id, String name, String password) throws Exception {
        user(id, name, password, 0);
    }

    @Override
    public void close() {
        for (MsgServer s : msgServers) {
            s.close();
        }
        dbProxy.close();
    }
}
