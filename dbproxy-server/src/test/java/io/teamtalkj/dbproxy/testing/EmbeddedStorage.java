package io.teamtalkj.dbproxy.testing;

import io.teamtalkj.dbproxy.DbProxyConfig;
import io.teamtalkj.embedded.EmbeddedMariaDb;
import io.teamtalkj.embedded.EmbeddedRedis;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.redisson.api.RedissonClient;
import io.teamtalkj.dbproxy.storage.Storage;

/**
 * One embedded MariaDB and one embedded redis-server per test JVM (started on first use, stopped
 * at exit). Each test gets its own database and an empty Redis, so test classes do not see each
 * other's rows. Tests run one class at a time in a JVM, so flushing Redis is safe.
 */
public final class EmbeddedStorage {
    private static EmbeddedMariaDb mariaDb;
    private static EmbeddedRedis redis;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private EmbeddedStorage() {
    }

    private static synchronized void startOnce() throws Exception {
        if (mariaDb == null) {
            mariaDb = EmbeddedMariaDb.startTemporary();
            redis = EmbeddedRedis.start(0);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                redis.close();
                mariaDb.close();
            }, "embedded-storage-stop"));
        }
    }

    /** A dbproxy config on a fresh, empty database and a flushed Redis, listening on free ports. */
    public static DbProxyConfig freshConfig() throws Exception {
        startOnce();
        String db = "tt_test_" + DATABASES.incrementAndGet();
        mariaDb.createDatabase(db);
        DbProxyConfig cfg = new DbProxyConfig();
        cfg.listenHost = "127.0.0.1";
        cfg.port = 0;
        cfg.controlHost = "127.0.0.1";
        cfg.controlPort = 0;
        cfg.metricsHost = "127.0.0.1";
        cfg.metricsPort = 0;
        cfg.dbUrl = mariaDb.jdbcUrl(db);
        cfg.dbUser = mariaDb.user();
        cfg.dbPassword = mariaDb.password();
        cfg.redisUrl = redis.url();
        cfg.workers = 4;
        cfg.dbPoolSize = 8;
        cfg.redisPoolSize = 8;
        // tests send the same text again on purpose ("hi" twice is two messages there)
        cfg.resendWindow = java.time.Duration.ZERO;
        flushRedis();
        return cfg;
    }

    /** The shared MariaDB (started on first use), e.g. to kill and restart it mid-test. */
    public static synchronized EmbeddedMariaDb mariaDb() throws Exception {
        startOnce();
        return mariaDb;
    }

    public static void flushRedis() {
        RedissonClient client = Storage.openRedis(redis.url(), 1);
        try {
            client.getKeys().flushall();
        } finally {
            client.shutdown();
        }
    }

    /** A plain JDBC connection to the test database (for arranging rows and checking results). */
    public static Connection jdbc(DbProxyConfig cfg) throws SQLException {
        return DriverManager.getConnection(cfg.dbUrl, cfg.dbUser, cfg.dbPassword);
    }

    public static void execute(DbProxyConfig cfg, String... sql) throws SQLException {
        try (Connection c = jdbc(cfg); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }
}
