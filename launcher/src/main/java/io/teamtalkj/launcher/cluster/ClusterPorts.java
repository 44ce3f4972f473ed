package io.teamtalkj.launcher.cluster;

/**
 * Where each tier of a one-process cluster listens, laid out from a base port so TeamTalk's
 * defaults come out with base 8000 (msg 8000, login HTTP 8080, login links 8100, route 8200,
 * file 8600/8601, image store 8700, dbproxy 10600; metrics ports beside them: msg +2, route +2,
 * login 8081, file 8602, dbproxy 10602) and a second cluster can run with another base.
 * Base {@value #FREE_PORTS} lays out nothing: every port is 0, so each tier binds a port of the
 * kernel's choosing and {@link LocalCluster} wires the links with the ports actually bound.
 */
public final class ClusterPorts {
    /** The base meaning "every tier on a free port". */
    public static final int FREE_PORTS = 0;
    /** The layout spans base .. base + this (the embedded Redis is last). */
    public static final int LARGEST_OFFSET = 2607;
    /** msg-servers the layout has room for: a ninth would sit on the login-server's 80, 81. */
    public static final int MAX_MSG_SERVERS = 8;

    private final int base;

    public ClusterPorts(int base) {
        if (base != FREE_PORTS && (base < 1024 || base > 65535 - 3000)) {
            throw new IllegalArgumentException("port base must be 1024.." + (65535 - 3000) + ", or " + FREE_PORTS
                    + " for free ports (got " + base + ")");
        }
        this.base = base;
    }

    public int base() {
        return base;
    }

    /** A base whose layout shares no port with this one's, for the "port in use" hint. */
    public int otherBase() {
        // no two offsets of the layout differ by 1000, so base +- 1000 never collides
        if (base == FREE_PORTS) {
            return 8000;
        }
        return base + 1000 <= 65535 - 3000 ? base + 1000 : base - 1000;
    }

    /** base + offset, or 0 (any free port) without a base. */
    private int at(int offset) {
        return base == FREE_PORTS ? 0 : base + offset;
    }

    /** msg-server i (0-based): 8000, 8010, 8020 ... */
    public int msgServer(int i) {
        return at(10 * i);
    }

    /** its gRPC control port: 8001, 8011 ... */
    public int msgServerControl(int i) {
        return at(10 * i + 1);
    }

    /** its Prometheus port: 8002, 8012 ... */
    public int msgServerMetrics(int i) {
        return at(10 * i + 2);
    }

    public int loginHttp() {
        return at(80);
    }

    /** The login-server's metrics port (/metrics, /health, /ready): 8081. */
    public int loginMetrics() {
        return at(81);
    }

    public int loginLinks() {
        return at(100);
    }

    /** route-server i: 8200, 8210 ... */
    public int routeServer(int i) {
        return at(200 + 10 * i);
    }

    public int routeControl(int i) {
        return at(201 + 10 * i);
    }

    public int routeMetrics(int i) {
        return at(202 + 10 * i);
    }

    /** The push-server's PDU port (TeamTalk's 8500), its gRPC control 8501 and metrics 8502. */
    public int pushServer() {
        return at(500);
    }

    public int pushControl() {
        return at(501);
    }

    public int pushMetrics() {
        return at(502);
    }

    public int fileClients() {
        return at(600);
    }

    public int fileMsgServers() {
        return at(601);
    }

    /** The file-server's metrics port: 8602. */
    public int fileMetrics() {
        return at(602);
    }

    public int imageStore() {
        return at(700);
    }

    /** The api-server's HTTP API: 8400, TeamTalk's http_msg_server port (control 8401, metrics 8402). */
    public int apiServer() {
        return at(400);
    }

    public int apiControl() {
        return at(401);
    }

    public int apiMetrics() {
        return at(402);
    }

    public int dbProxy() {
        return at(2600);
    }

    public int dbProxyControl() {
        return at(2601);
    }

    /** The dbproxy's metrics port: 10602. */
    public int dbProxyMetrics() {
        return at(2602);
    }

    /** Embedded MariaDB and redis-server, when no external URL is given. */
    public int mariaDb() {
        return at(2606);
    }

    public int redis() {
        return at(LARGEST_OFFSET);
    }
}
