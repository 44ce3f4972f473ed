package io.teamtalkj.dbproxy;

import io.teamtalkj.pdu.PduDecoder;
import java.time.Duration;

/** Everything an operator can set on a dbproxy-server; defaults are the documented ones. */
public final class DbProxyConfig {
    public String listenHost = "0.0.0.0";
    /** TLS on the port other tiers link to (certificate and key; with a CA, mutual TLS); NONE = plain TCP. */
    public io.teamtalkj.net.TlsConfig linkTls = io.teamtalkj.net.TlsConfig.NONE;
    public int port = 10600;
    /** gRPC control port (health, admin); -1 disables it. */
    public int controlPort = 10601;
    public String controlHost = "127.0.0.1";
    /** HTTP port with Prometheus /metrics, /health and /ready; -1 disables it. */
    public int metricsPort = 10602;
    public String metricsHost = "127.0.0.1";

    /** jdbc:mysql://host:port/db (any MySQL 5.7+/8 or MariaDB 10.5+). */
    public String dbUrl = "jdbc:mysql://127.0.0.1:3306/teamtalk";
    public String dbUser = "root";
    public String dbPassword = "";
    public int dbPoolSize = 16;
    /**
     * Read replicas of {@link #dbUrl} (same user and password): history, recent sessions and
     * directory reads go to one whose lag is under {@link #replicaMaxLag}; empty = all on the primary.
     */
    public java.util.List<String> mysqlReplicaUrls = java.util.List.of();
    /** A replica further behind than this (or not answering) is skipped until it catches up. */
    public Duration replicaMaxLag = Duration.ofSeconds(5);
    /** How often the lag of each replica is measured (heartbeat written on the primary, read on the replica). */
    public Duration replicaCheckInterval = Duration.ofSeconds(1);
    /** One Redis, a Sentinel-managed master or a Redis Cluster: see {@link io.teamtalkj.dbproxy.storage.RedisUrl}. */
    public String redisUrl = "redis://127.0.0.1:6379";
    public int redisPoolSize = 32;
    /** For a rediss:// URL: CA bundle to verify Redis and an optional client certificate; NONE = JVM defaults. */
    public io.teamtalkj.net.TlsConfig redisTls = io.teamtalkj.net.TlsConfig.NONE;

    /** Worker threads; each owns the conversations that hash to it. */
    public int workers = 8;
    /** Requests a worker takes from its queue at once (one transaction per run of message stores). */
    public int batchSize = 128;
    /** Requests queued per worker before new ones are refused with an error. */
    public int queueCapacity = 65_536;
    /** Largest history page (IMGetMsgListReq.msg_cnt is capped to this). */
    public int historyPageCap = 100;
    /** Largest IMGetMsgByIdReq answer. */
    public int msgByIdCap = 100;
    /** Recent sessions returned per request (TeamTalk: 100). */
    public int recentSessionCap = 100;
    /** Failed logins per user name within {@link #loginFailureWindow} before logins are refused. */
    public int loginFailureLimit = 10;
    public Duration loginFailureWindow = Duration.ofMinutes(30);
    public int maxFrameLength = PduDecoder.DEFAULT_MAX_FRAME_LENGTH;
    /** Run Flyway migrations at start. */
    public boolean migrate = true;
    /** Clients' message ids (for resend dedup) are forgotten after this. */
    public Duration clientMsgIdRetention = Duration.ofDays(7);
    /** How often old client message ids are purged. */
    public Duration purgeInterval = Duration.ofHours(1);
    /**
     * A message without a client message id (TeamTalk clients) with the same sender, conversation
     * and content as one stored this recently is a resend: answered with the stored msg_id, not
     * stored again. Zero turns this off.
     */
    public Duration resendWindow = Duration.ofSeconds(10);
    /**
     * On stop, how long to wait for linked msg-servers to acknowledge IMStopReceivePacket and for
     * the requests they sent before to be answered; 0 stops without waiting.
     */
    public Duration drainTimeout = Duration.ofSeconds(10);
    /** Group governance (issue 18): most members a group may have (invites, joins, approvals). */
    public int groupMaxMembers = 2000;
    /** Most admins a group may have besides its owner. */
    public int groupMaxAdmins = 10;
    /** Language of the text the server renders into group notices: "en" or "zh". */
    public String groupNoticeLanguage = "en";
    /**
     * The api-server's master key (64 hex characters = 32 bytes): application signing keys are
     * stored encrypted with it (AES-256-GCM). Empty = none: ApiStore then refuses to add or list apps.
     */
    public String apiMasterKey = "";

    /** Rejects settings that cannot work, with a message an operator can act on. */
    public void validate() {
        if (!dbUrl.startsWith("jdbc:mysql:") && !dbUrl.startsWith("jdbc:mariadb:")) {
            throw new IllegalArgumentException("--db-url must start with jdbc:mysql:// (got " + dbUrl + ")");
        }
        for (String r : mysqlReplicaUrls) {
            if (!r.startsWith("jdbc:mysql:") && !r.startsWith("jdbc:mariadb:")) {
                throw new IllegalArgumentException("--mysql-replica-urls: each must start with jdbc:mysql:// (got "
                        + io.teamtalkj.dbproxy.storage.Storage.redact(r) + ")");
            }
        }
        if (replicaCheckInterval.toMillis() < 100) {
            throw new IllegalArgumentException("--replica-check-interval must be at least 100ms (got " + replicaCheckInterval + ")");
        }
        if (replicaMaxLag.compareTo(replicaCheckInterval.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("--replica-max-lag must be at least twice the check interval "
                    + replicaCheckInterval + ": the heartbeat it is measured by is written that often (got " + replicaMaxLag + ")");
        }
        io.teamtalkj.dbproxy.storage.RedisUrl redis = io.teamtalkj.dbproxy.storage.RedisUrl.parse(redisUrl);
        if (redisTls.enabled() && !redis.tls()) {
            throw new IllegalArgumentException("--redis-tls-* files are set but --redis-url is not rediss:// (got "
                    + io.teamtalkj.dbproxy.storage.Storage.redact(redisUrl) + ")");
        }
        positive("workers", workers);
        positive("batch size", batchSize);
        positive("db pool size", dbPoolSize);
        positive("redis pool size", redisPoolSize);
        positive("queue capacity", queueCapacity);
        positive("history page cap", historyPageCap);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (metricsPort < -1 || metricsPort > 65535) {
            throw new IllegalArgumentException("metrics port must be -1..65535 (got " + metricsPort + ")");
        }
        if (drainTimeout.isNegative()) {
            throw new IllegalArgumentException("--drain-timeout must not be negative (got " + drainTimeout + ")");
        }
        if (clientMsgIdRetention.toMinutes() < 1 || purgeInterval.isNegative() || purgeInterval.isZero()) {
            throw new IllegalArgumentException("client message ids must be kept at least a minute and purged at a positive interval");
        }
        positive("group max members", groupMaxMembers);
        if (groupMaxAdmins < 0) {
            throw new IllegalArgumentException("--group-max-admins must not be negative (got " + groupMaxAdmins + ")");
        }
        if (!"en".equals(groupNoticeLanguage) && !"zh".equals(groupNoticeLanguage)) {
            throw new IllegalArgumentException("--group-notice-language must be en or zh (got " + groupNoticeLanguage + ")");
        }
        if (!apiMasterKey.isEmpty() && !apiMasterKey.matches("[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException("the api master key must be 64 hex characters (32 bytes), got "
                    + apiMasterKey.length() + " characters");
        }
        if (resendWindow.isNegative()) {
            throw new IllegalArgumentException("--resend-window must be 0 (off) or positive (got " + resendWindow + ")");
        }
    }

    private static void positive(String what, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(what + " must be at least 1 (got " + value + ")");
        }
    }
}
