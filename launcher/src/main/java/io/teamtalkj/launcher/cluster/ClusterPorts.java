package io.teamtalkj.launcher.cluster;

/**
 * Where each tier of a one-process cluster listens, laid out from a base port so TeamTalk's
 * defaults come out with base 8000 (msg 8000, login HTTP 8080, login links 8100, route 8200,
 * file 8600/8601, image store 8700, dbproxy 10600; metrics ports beside them: msg +2, route +2,
 * login 8081, file 8602, dbproxy 10602) and a second cluster can run with another base.
 */
public final class ClusterPorts {
    private final int base;

    public ClusterPorts(int base) {
        if (base < 1024 || base > 65535 - 3000) {
            throw new IllegalArgumentException("port base must be 1024.." + (65535 - 3000) + " (got " + base + ")");
        }
        this.base = base;
    }

    public int base() {
        return base;
    }

    /** msg-server i (0-based): 8000, 8010, 8020 ... */
    public int msgServer(int i) {
        return base + 10 * i;
    }

    /** its gRPC control port: 8001, 8011 ... */
    public int msgServerControl(int i) {
        return base + 10 * i + 1;
    }

    /** its Prometheus port: 8002, 8012 ... */
    public int msgServerMetrics(int i) {
        return base + 10 * i + 2;
    }

    public int loginHttp() {
        return base + 80;
    }

    /** The login-server's metrics port (/metrics, /health, /ready): 8081. */
    public int loginMetrics() {
        return base + 81;
    }

    public int loginLinks() {
        return base + 100;
    }

    /** route-server i: 8200, 8210 ... */
    public int routeServer(int i) {
        return base + 200 + 10 * i;
    }

    public int routeControl(int i) {
        return base + 201 + 10 * i;
    }

    public int routeMetrics(int i) {
        return base + 202 + 10 * i;
    }

    public int fileClients() {
        return base + 600;
    }

    public int fileMsgServers() {
        return base + 601;
    }

    /** The file-server's metrics port: 8602. */
    public int fileMetrics() {
        return base + 602;
    }

    public int imageStore() {
        return base + 700;
    }

    public int dbProxy() {
        return base + 2600;
    }

    public int dbProxyControl() {
        return base + 2601;
    }

    /** The dbproxy's metrics port: 10602. */
    public int dbProxyMetrics() {
        return base + 2602;
    }

    /** Embedded MariaDB and redis-server, when no external URL is given. */
    public int mariaDb() {
        return base + 2606;
    }

    public int redis() {
        return base + 2607;
    }
}
