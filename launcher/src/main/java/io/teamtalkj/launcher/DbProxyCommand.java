package io.teamtalkj.launcher;

import io.teamtalkj.dbproxy.DbProxyConfig;
import io.teamtalkj.dbproxy.DbProxyServer;
import io.teamtalkj.dbproxy.storage.Storage;
import io.teamtalkj.net.TlsConfig;
import io.teamtalkj.pdu.PduDecoder;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * {@code teamtalk dbproxy-server}: the storage tier on its own. Every option maps to a
 * {@link DbProxyConfig} field; {@code --config FILE} supplies defaults (keys are the long option
 * names without dashes), and options given on the command line win over the file.
 */
@Command(name = "dbproxy-server",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        defaultValueProvider = TierCommand.ConfigFileDefaults.class,
        description = {
            "Run the storage tier: msg-servers' PDU requests served against MySQL and Redis,",
            "plus a gRPC control port (TierHealth, DbAdmin).",
        },
        footer = {
            "",
            "The database password can also come from the environment variable " + DbProxyCommand.PASSWORD_ENV + ".",
            "Precedence: command line, then " + DbProxyCommand.PASSWORD_ENV + " (password only), then --config, then the defaults shown.",
            "Exit codes: 2 when the settings are wrong or MySQL/Redis cannot be reached at start.",
        })
final class DbProxyCommand extends ServerCommand<DbProxyConfig, DbProxyServer> {
    static final String PASSWORD_ENV = "TEAMTALK_DB_PASSWORD";
    static final String API_MASTER_KEY_ENV = "TEAMTALK_API_MASTER_KEY";

    @Option(names = "--listen-host", paramLabel = "HOST", defaultValue = "0.0.0.0", order = 1,
            description = "Address of the PDU port msg-servers connect to (default: ${DEFAULT-VALUE}).")
    String listenHost;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "10600", order = 2,
            description = "PDU port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--control-host", paramLabel = "HOST", defaultValue = "127.0.0.1", order = 3,
            description = "Address of the gRPC control port (health, admin) (default: ${DEFAULT-VALUE}).")
    String controlHost;

    @Option(names = "--control-port", paramLabel = "PORT", defaultValue = "10601", order = 4,
            description = "gRPC control port; -1 disables it (default: ${DEFAULT-VALUE}).")
    int controlPort;

    @Option(names = "--metrics-host", paramLabel = "HOST", defaultValue = "127.0.0.1", order = 4,
            description = "Address of the HTTP metrics port (default: ${DEFAULT-VALUE}).")
    String metricsHost;

    @Option(names = "--metrics-port", paramLabel = "PORT", defaultValue = "10602", order = 4,
            description = "HTTP Prometheus GET /metrics, liveness /health, readiness /ready; -1 disables it (default: ${DEFAULT-VALUE}).")
    int metricsPort;

    @Option(names = "--db-url", paramLabel = "URL", defaultValue = "jdbc:mysql://127.0.0.1:3306/teamtalk", order = 5,
            description = "MySQL 5.7+/8 or MariaDB 10.5+ database (default: ${DEFAULT-VALUE}).")
    String dbUrl;

    @Option(names = "--db-user", paramLabel = "USER", defaultValue = "root", order = 6,
            description = "Database user (default: ${DEFAULT-VALUE}).")
    String dbUser;

    // no ${DEFAULT-VALUE} here: --help must not print a password taken from the environment or file
    @Option(names = "--db-password", paramLabel = "PASSWORD", defaultValue = "", order = 7,
            description = "Database password (default: $" + PASSWORD_ENV + ", else empty).")
    String dbPassword;

    @Option(names = "--db-pool-size", paramLabel = "N", defaultValue = "16", order = 8,
            description = "Database connections (default: ${DEFAULT-VALUE}).")
    int dbPoolSize;

    @Option(names = "--mysql-replica-urls", paramLabel = "URLS", defaultValue = "", order = 8,
            description = "Comma-separated JDBC URLs of read replicas of --db-url (same user and password): history, "
                    + "recent sessions and directory reads go to one less than --replica-max-lag behind; empty = all "
                    + "reads on the primary (default: none).")
    String mysqlReplicaUrls;

    @Option(names = "--replica-max-lag", paramLabel = "DURATION", defaultValue = "5s", order = 8,
            converter = DurationConverter.class,
            description = "A replica further behind the primary than this (measured every second with a heartbeat row), "
                    + "or not answering, is skipped until it catches up (default: ${DEFAULT-VALUE}).")
    java.time.Duration replicaMaxLag;

    @Option(names = "--redis-url", paramLabel = "URL", defaultValue = "redis://127.0.0.1:6379", order = 9,
            description = "redis://[:password@]host:port[/db], rediss:// for TLS, redis-sentinel://[:password@]master@host:port,host:port[/db] "
                    + "(Sentinel), redis-cluster://[:password@]host:port,host:port,... (Redis Cluster); rediss-sentinel://, "
                    + "rediss-cluster:// with TLS (default: ${DEFAULT-VALUE}).")
    String redisUrl;

    @Option(names = "--redis-tls-ca", paramLabel = "FILE", defaultValue = "", order = 9,
            description = "For a rediss:// URL: PEM CA bundle Redis' certificate must be signed by (it must also name the "
                    + "host in the URL); empty = the JVM's default trust store.")
    String redisTlsCa;

    @Option(names = "--redis-tls-cert", paramLabel = "FILE", defaultValue = "", order = 9,
            description = "For a rediss:// URL: PEM client certificate, for a Redis with tls-auth-clients (its default).")
    String redisTlsCert;

    @Option(names = "--redis-tls-key", paramLabel = "FILE", defaultValue = "", order = 9,
            description = "PEM (PKCS#8) private key of --redis-tls-cert.")
    String redisTlsKey;

    @Option(names = "--redis-pool-size", paramLabel = "N", defaultValue = "32", order = 10,
            description = "Redis connections (default: ${DEFAULT-VALUE}).")
    int redisPoolSize;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "8", order = 11,
            description = "Worker threads; each owns the conversations that hash to it (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "128", order = 12,
            description = "Requests a worker commits in one transaction at most (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--queue-capacity", paramLabel = "N", defaultValue = "65536", order = 13,
            description = "Requests queued per worker before new ones are refused (default: ${DEFAULT-VALUE}).")
    int queueCapacity;

    @Option(names = "--history-page-cap", paramLabel = "N", defaultValue = "100", order = 14,
            description = "Largest message history page a client gets (default: ${DEFAULT-VALUE}).")
    int historyPageCap;

    @Option(names = "--login-failure-limit", paramLabel = "N", defaultValue = "10", order = 15,
            description = "Failed logins per user name within 30 minutes before logins are refused (default: ${DEFAULT-VALUE}).")
    int loginFailureLimit;

    @Option(names = "--client-msg-id-retention", paramLabel = "DURATION", defaultValue = "168h", order = 16,
            converter = DurationConverter.class,
            description = "How long clients' message ids are kept to recognise resends (default: ${DEFAULT-VALUE}).")
    java.time.Duration clientMsgIdRetention;

    @Option(names = "--resend-window", paramLabel = "DURATION", defaultValue = "10s", order = 16,
            converter = DurationConverter.class,
            description = "A message without a client msg id (TeamTalk clients) repeating the same sender, conversation and "
                    + "content within this is a resend: acked with the stored msg_id, not stored again; 0 = off "
                    + "(default: ${DEFAULT-VALUE}).")
    java.time.Duration resendWindow;

    @Option(names = "--group-max-members", paramLabel = "N", defaultValue = "2000", order = 16,
            description = "Most members a group may have; invites, joins and approvals beyond it are refused (default: ${DEFAULT-VALUE}).")
    int groupMaxMembers;

    @Option(names = "--group-max-admins", paramLabel = "N", defaultValue = "10", order = 16,
            description = "Most admins a group may have besides its owner (default: ${DEFAULT-VALUE}).")
    int groupMaxAdmins;

    @Option(names = "--group-notice-language", paramLabel = "LANG", defaultValue = "en", order = 16,
            description = "Language of the text stored in group notices: en or zh (default: ${DEFAULT-VALUE}).")
    String groupNoticeLanguage;

    @Option(names = "--max-frame-length", paramLabel = "BYTES", defaultValue = "" + PduDecoder.DEFAULT_MAX_FRAME_LENGTH, order = 16,
            description = "Largest PDU frame accepted (default: ${DEFAULT-VALUE}).")
    int maxFrameLength;

    @Option(names = "--drain-timeout", paramLabel = "DURATION", defaultValue = "10s", order = 16,
            converter = DurationConverter.class,
            description = "On SIGTERM, how long to wait for msg-servers to move their conversations to another dbproxy "
                    + "and for their requests to be answered; 0 stops at once (default: ${DEFAULT-VALUE}).")
    java.time.Duration drainTimeout;

    @Option(names = "--api-master-key-file", paramLabel = "FILE", defaultValue = "", order = 16,
            description = "File holding the API master key (64 hex characters): api applications' signing keys are "
                    + "stored encrypted with it; every dbproxy of a cluster needs the same one. Empty = $"
                    + API_MASTER_KEY_ENV + ", else none (apps cannot be added or listed) (default: none).")
    String apiMasterKeyFile;

    // Boolean with no picocli default: picocli sets a negatable flag to the *opposite of its
    // default*, so a default of true would turn --migrate into "off". null = not given here.
    @Option(names = "--migrate", negatable = true, order = 17,
            description = "Create or upgrade the schema (Flyway) at start; migrate=false in --config also turns it off "
                    + "(default: true).")
    Boolean migrate;

    @Override
    boolean skipDefault(OptionSpec option) {
        return option.longestName().equals("--migrate"); // see the field: toConfig() reads migrate= from the file itself
    }

    @Override
    String overrideDefault(OptionSpec option) {
        if (option.longestName().equals("--db-password")) {
            String env = System.getenv(PASSWORD_ENV);
            if (env != null && !env.isEmpty()) {
                return env;
            }
        }
        return null;
    }

    /** The settings the options describe. */
    @Override
    DbProxyConfig toConfig() {
        DbProxyConfig c = new DbProxyConfig();
        c.listenHost = listenHost;
        c.port = port;
        c.controlHost = controlHost;
        c.controlPort = controlPort;
        c.metricsHost = metricsHost;
        c.metricsPort = metricsPort;
        c.dbUrl = dbUrl;
        c.dbUser = dbUser;
        c.dbPassword = dbPassword;
        c.dbPoolSize = dbPoolSize;
        c.mysqlReplicaUrls = java.util.Arrays.stream(mysqlReplicaUrls.split(",")).map(String::strip)
                .filter(u -> !u.isEmpty()).toList();
        c.replicaMaxLag = replicaMaxLag;
        c.redisUrl = redisUrl;
        c.redisPoolSize = redisPoolSize;
        c.workers = workers;
        c.batchSize = batchSize;
        c.queueCapacity = queueCapacity;
        c.historyPageCap = historyPageCap;
        c.loginFailureLimit = loginFailureLimit;
        c.maxFrameLength = maxFrameLength;
        c.clientMsgIdRetention = clientMsgIdRetention;
        c.resendWindow = resendWindow;
        c.groupMaxMembers = groupMaxMembers;
        c.groupMaxAdmins = groupMaxAdmins;
        c.groupNoticeLanguage = groupNoticeLanguage;
        c.drainTimeout = drainTimeout;
        c.apiMasterKey = apiMasterKey();
        c.migrate = migrate != null ? migrate : booleanFromFile("migrate", true);
        c.linkTls = linkTls(true);
        c.redisTls = TlsConfig.of(pem("--redis-tls-cert", redisTlsCert), pem("--redis-tls-key", redisTlsKey),
                pem("--redis-tls-ca", redisTlsCa));
        return c;
    }

    /** From the file, else the environment; never printed. */
    private String apiMasterKey() {
        if (!apiMasterKeyFile.isBlank()) {
            try {
                return java.nio.file.Files.readString(java.nio.file.Path.of(apiMasterKeyFile.strip()),
                        java.nio.charset.StandardCharsets.US_ASCII).strip();
            } catch (IOException e) {
                throw new IllegalArgumentException("--api-master-key-file " + apiMasterKeyFile + ": cannot read it ("
                        + e.getClass().getSimpleName() + ")");
            }
        }
        String env = System.getenv(API_MASTER_KEY_ENV);
        return env == null ? "" : env.strip();
    }

    @Override
    DbProxyServer start(DbProxyConfig config) throws Exception {
        return DbProxyServer.start(config);
    }

    @Override
    String startFailure(DbProxyConfig config, Exception e) {
        if (e instanceof IOException) {
            return "cannot listen on " + config.listenHost + ":" + config.port + " or " + config.controlHost + ":"
                    + config.controlPort + (config.metricsPort >= 0 ? " or " + config.metricsHost + ":" + config.metricsPort
                    : "") + ": " + describe(e);
        }
        return Storage.redact(describe(e));
    }

    @Override
    String started(DbProxyConfig config, DbProxyServer server) {
        return "teamtalk dbproxy-server: listening on " + config.listenHost + ":" + server.port()
                + " for msg-servers, control (gRPC) on "
                + (server.controlPort() < 0 ? "none" : config.controlHost + ":" + server.controlPort())
                + ", metrics on " + metricsUrl(config.metricsHost, server.metricsPort())
                + "; MySQL " + Storage.redact(config.dbUrl) + ", Redis " + Storage.redact(config.redisUrl)
                + linkTlsNote(config.linkTls);
    }
}
