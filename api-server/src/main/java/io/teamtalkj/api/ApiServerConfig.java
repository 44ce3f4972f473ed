package io.teamtalkj.api;

import io.teamtalkj.net.HostPort;
import io.teamtalkj.net.TlsConfig;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Settings of one api-server; {@link #validate} says what is wrong in one line. */
public final class ApiServerConfig {
    public String listenHost = "0.0.0.0";
    /** HTTP port of the API (TeamTalk's http_msg_server used 8400); 0 picks a free one. */
    public int port = 8400;
    public String controlHost = "127.0.0.1";
    /** gRPC health; -1 disables it. */
    public int controlPort = 8401;
    public String metricsHost = "127.0.0.1";
    /** Prometheus /metrics, /health, /ready; -1 disables it. */
    public int metricsPort = 8402;
    /** The dbproxies' PDU ports (messages, groups: the msg-server's path). */
    public List<InetSocketAddress> dbProxies = new ArrayList<>();
    /** The dbproxy gRPC control port (ApiStore, DbAdmin). */
    public HostPort dbProxyControl = new HostPort("127.0.0.1", 10601);
    /** The route-servers (notifies and messages to online clients). */
    public List<InetSocketAddress> routeServers = new ArrayList<>();
    /** The push-servers: API messages to users with no phone connected are pushed (empty: no push). */
    public List<InetSocketAddress> pushServers = new ArrayList<>();
    /** Text characters a push alert shows at most (as the msg-server's --push-text-chars). */
    public int pushTextChars = 100;
    /** Name this server reports to route-servers (route stats show it like a msg-server). */
    public String hostName = "api-server";
    /** Largest request body accepted; more is answered 413. */
    public int maxBodyBytes = 64 * 1024;
    /** Users one push or group change may name at most; more is answered 400. */
    public int maxRecipients = 1000;
    /** How far a request's timestamp may be from the server's clock. */
    public Duration signatureWindow = Duration.ofMinutes(5);
    /** TeamTalk's /query calls with app_key in the body and no signature (its PHP back-office sends those). */
    public boolean unsignedQuery = true;
    /** How often applications and quotas are read again from MySQL. */
    public Duration appReload = Duration.ofMinutes(2);
    /** How often counted calls and pushes are written to MySQL (one batch). */
    public Duration usageFlush = Duration.ofSeconds(5);
    /** How long a call to the dbproxy may take. */
    public Duration requestTimeout = Duration.ofSeconds(10);
    /**
     * How long a user found active is not asked about again (messages, group members): a disable
     * made elsewhere applies to API calls within this period. Zero checks every call.
     */
    public Duration userCheckCache = Duration.ofSeconds(10);
    /** Login name of the user messages "from the system" are sent as (created on first use). */
    public String systemUser = "system";
    public Duration linkHeartbeat = Duration.ofSeconds(5);
    public Duration linkTimeout = Duration.ofSeconds(20);
    public int ioThreads = 2;
    public TlsConfig linkTls = TlsConfig.NONE;

    public void validate() {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535, got " + port);
        }
        if (controlPort < -1 || controlPort > 65535 || metricsPort < -1 || metricsPort > 65535) {
            throw new IllegalArgumentException("control-port and metrics-port must be -1 (off) or 0-65535");
        }
        if (dbProxies.isEmpty()) {
            throw new IllegalArgumentException("at least one --dbproxy is needed");
        }
        if (routeServers.isEmpty()) {
            throw new IllegalArgumentException("at least one --route-server is needed");
        }
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("max-body-bytes must be at least 1024, got " + maxBodyBytes);
        }
        if (maxRecipients < 1) {
            throw new IllegalArgumentException("max-recipients must be at least 1, got " + maxRecipients);
        }
        if (signatureWindow.isNegative() || signatureWindow.isZero()) {
            throw new IllegalArgumentException("signature-window must be positive");
        }
        if (appReload.toMillis() < 100 || usageFlush.toMillis() < 10) {
            throw new IllegalArgumentException("app-reload must be at least 100ms and usage-flush at least 10ms");
        }
        if (userCheckCache.isNegative()) {
            throw new IllegalArgumentException("user-check-cache must be 0 (off) or positive");
        }
        if (systemUser == null || systemUser.isBlank()) {
            throw new IllegalArgumentException("system-user must not be empty");
        }
    }
}
