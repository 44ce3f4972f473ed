package io.teamtalkj.dbproxy.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.teamtalkj.dbproxy.DbProxyConfig;
import io.teamtalkj.net.TlsConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.flywaydb.core.Flyway;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.BaseConfig;
import org.redisson.config.BaseMasterSlaveServersConfig;
import org.redisson.config.ClusterServersConfig;
import org.redisson.config.Config;
import org.redisson.config.ReadMode;
import org.redisson.config.SentinelServersConfig;
import org.redisson.config.SingleServerConfig;
import org.redisson.config.TransportMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The MySQL pool (HikariCP) and the Redis client (Redisson) of one dbproxy. */
public final class Storage implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Storage.class);

    private final HikariDataSource dataSource;
    private final HikariDataSource transactions;
    private final HikariDataSource stores;
    private final RedissonClient redis;
    private final UnreadHealer unreadHealer;
    private final DatabaseAvailability availability;
    /** Null without --mysql-replica-urls. */
    private volatile ReadReplicas replicas;

    /** Users/groups the {@link UnreadHealer} remembers at most. */
    static final int MAX_DIRTY = 100_000;

    private Storage(HikariDataSource dataSource, HikariDataSource transactions, HikariDataSource stores,
                    RedissonClient redis) {
        this.dataSource = dataSource;
        this.transactions = transactions;
        this.stores = stores;
        this.redis = redis;
        this.unreadHealer = new UnreadHealer(this, MAX_DIRTY);
        this.availability = new DatabaseAvailability(() -> probe(dataSource), DatabaseAvailability.DEFAULT_PROBE_INTERVAL);
    }

    /** A fresh connection, not the pool's: the pool would wait its connection timeout. */
    private static void probe(HikariDataSource pool) throws SQLException {
        java.util.Properties props = new java.util.Properties();
        if (pool.getUsername() != null) {
            props.setProperty("user", pool.getUsername());
        }
        if (pool.getPassword() != null) {
            props.setProperty("password", pool.getPassword());
        }
        props.setProperty("socketTimeout", "3000"); // a server that accepts but never answers must not hang the probe
        try (Connection c = DriverManager.getConnection(pool.getJdbcUrl(), props)) {
            if (!c.isValid(2)) {
                throw new SQLTransientConnectionException("connection not valid", "08S01");
            }
        }
    }

    /**
     * Connects to MySQL and Redis, migrating the schema first. Fails fast with one clear message
     * when either cannot be reached.
     */
    public static Storage open(DbProxyConfig cfg) {
        HikariDataSource ds = openDatabase(cfg);
        HikariDataSource tx = null;
        HikariDataSource stores = null;
        RedissonClient redis;
        try {
            tx = openTransactionPool(cfg);
            stores = openStorePool(cfg);
            redis = openRedis(cfg.redisUrl, cfg.redisPoolSize, cfg.redisTls);
        } catch (RuntimeException e) {
            if (stores != null) {
                stores.close();
            }
            if (tx != null) {
                tx.close();
            }
            ds.close();
            throw e;
        }
        Storage storage = new Storage(ds, tx, stores, redis);
        if (!cfg.mysqlReplicaUrls.isEmpty()) {
            storage.replicas = new ReadReplicas(ds, cfg.mysqlReplicaUrls, cfg.dbUser, cfg.dbPassword, cfg.replicaMaxLag,
                    cfg.replicaCheckInterval);
        }
        return storage;
    }

    /**
     * Connections that stay in manual-commit mode, one per store worker (+1), for the message
     * transactions: switching a pooled connection to manual commit and back costs two extra round
     * trips (SET autocommit) per batch, a third of a one-message batch's round trips.
     */
    static HikariDataSource openTransactionPool(DbProxyConfig cfg) {
        HikariConfig hc = baseConfig(cfg, "dbproxy-mysql-tx", cfg.workers + 1);
        hc.setAutoCommit(false);
        return connect(hc, cfg);
    }

    /**
     * The message store's own manual-commit connections, one per store worker (+1). Its batch
     * ends with COMMIT inside the batch's one multi-statement query ({@link MessageStore}), and
     * {@code useLocalTransactionState} lets {@code Connection.commit()} see from the server's
     * status flags that the transaction is already over instead of sending a second COMMIT (a
     * round trip per batch). The flags only come with successful results, so after a failed
     * statement the driver may think no transaction is open: this pool's users roll back with an
     * explicit {@code ROLLBACK} statement ({@link #rollback}), never {@code Connection.rollback()}.
     */
    static HikariDataSource openStorePool(DbProxyConfig cfg) {
        HikariConfig hc = baseConfig(cfg, "dbproxy-mysql-store", cfg.workers + 1);
        hc.setAutoCommit(false);
        hc.addDataSourceProperty("useLocalTransactionState", "true");
        return connect(hc, cfg);
    }

    /** Rolls back whatever the server has open on {@code c}, whatever the driver believes. */
    public static void rollback(Connection c) throws SQLException {
        try (java.sql.Statement st = c.createStatement()) {
            st.execute("ROLLBACK");
        }
        c.rollback(); // the pool's own bookkeeping; no round trip after the statement above
    }

    private static HikariDataSource connect(HikariConfig hc, DbProxyConfig cfg) {
        try {
            return new HikariDataSource(hc);
        } catch (RuntimeException e) {
            throw new StorageException("cannot connect to MySQL at " + redact(cfg.dbUrl) + ": " + rootMessage(e), e);
        }
    }

    private static HikariConfig baseConfig(DbProxyConfig cfg, String name, int size) {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName(name);
        hc.setJdbcUrl(withDefaults(cfg.dbUrl));
        hc.setUsername(cfg.dbUser);
        hc.setPassword(cfg.dbPassword);
        hc.setMaximumPoolSize(size);
        hc.setMinimumIdle(Math.min(2, size));
        hc.setConnectionTimeout(5_000);
        // one retry a second later, then fail: an operator with a wrong URL or a stopped database
        // hears it within seconds (orchestrators restart us anyway if the database is still starting)
        hc.setInitializationFailTimeout(5_000);
        return hc;
    }

    static HikariDataSource openDatabase(DbProxyConfig cfg) {
        HikariConfig hc = baseConfig(cfg, "dbproxy-mysql", cfg.dbPoolSize);
        hc.setAutoCommit(true);
        HikariDataSource ds = connect(hc, cfg);
        if (cfg.migrate) {
            try {
                Flyway.configure().dataSource(ds).locations("classpath:db/migration")
                        .baselineOnMigrate(true).baselineVersion("0").load().migrate();
            } catch (RuntimeException e) {
                ds.close();
                throw new StorageException("schema migration failed on " + redact(cfg.dbUrl) + ": " + rootMessage(e), e);
            }
        }
        return ds;
    }

    /** Adds the driver options we depend on unless the operator set them. */
    static String withDefaults(String url) {
        StringBuilder sb = new StringBuilder(url);
        char sep = url.contains("?") ? '&' : '?';
        String[][] defaults = {
            {"rewriteBatchedStatements", "true"},
            {"characterEncoding", "UTF-8"},
            {"allowPublicKeyRetrieval", "true"},
            {"connectTimeout", "5000"},
            // the same few statements run for every batch; without the cache the driver re-parses
            // them each time (JFR under load: ~40% of the dbproxy's samples in prepareStatement)
            {"cachePrepStmts", "true"},
            {"prepStmtCacheSize", "256"},
            {"prepStmtCacheSqlLimit", "4096"},
            // every executeBatch asks Connection.isReadOnly(), which without this is a
            // "SELECT @@session.transaction_read_only" round trip (async-profiler at 4,000 msg/s: 9%
            // of the cluster's samples, and a statement per batch for MySQL); session state is only
            // ever changed through the JDBC API here, so the driver's own copy is exact
            {"useLocalSessionState", "true"},
            // the server's variables are read once per data source instead of once per connection
            {"cacheServerConfiguration", "true"},
            // a batch's rows go out as one multi-statement query (MessageStore.writeRows); its
            // values are bound parameters, escaped by the driver, never spliced text
            {"allowMultiQueries", "true"},
            // the driver looks for "ON DUPLICATE KEY UPDATE" at every character of a prepared
            // statement's text; with this, not in the statements after the first of that
            // multi-statement (rewriteBatchedStatements keeps it for the first). What it finds
            // matters only for generated keys, and no upsert here asks for them. Async-profiler at
            // 3,000 msg/s: the driver's parse went from 6.7% to 5.0% of the cluster JVM
            {"dontCheckOnDuplicateKeyUpdateInSQL", "true"},
        };
        for (String[] kv : defaults) {
            if (!url.contains(kv[0] + "=")) {
                sb.append(sep).append(kv[0]).append('=').append(kv[1]);
                sep = '&';
            }
        }
        return sb.toString();
    }

    public static RedissonClient openRedis(String redisUrl, int poolSize) {
        return openRedis(redisUrl, poolSize, TlsConfig.NONE);
    }

    /**
     * @param tls for a {@code rediss://} URL: the CA bundle the server's certificate must be signed
     *            by (else the JVM's default trust store) and a client certificate (Redis'
     *            {@code tls-auth-clients}); NONE for neither
     */
    public static RedissonClient openRedis(String redisUrl, int poolSize, TlsConfig tls) {
        RedisUrl url = RedisUrl.parse(redisUrl);
        Config config = new Config();
        config.setCodec(StringCodec.INSTANCE);
        eventLoops(config);
        if (tls.hasCa()) {
            config.setSslTrustManagerFactory(tls.trustManagerFactory());
        }
        if (tls.hasIdentity()) {
            config.setSslKeyManagerFactory(tls.keyManagerFactory());
        }
        switch (url.mode()) {
            case SINGLE -> {
                SingleServerConfig single = config.useSingleServer()
                        .setAddress(url.addresses().get(0))
                        .setConnectionPoolSize(poolSize)
                        .setConnectionMinimumIdleSize(Math.min(4, poolSize))
                        .setDatabase(url.database());
                timeouts(single);
                credentials(single, url);
            }
            case SENTINEL -> {
                SentinelServersConfig sentinel = config.useSentinelServers()
                        .setMasterName(url.masterName())
                        .setDatabase(url.database())
                        // the sentinels' own list: ours may be a subset of a larger group
                        .setCheckSentinelsList(false);
                url.addresses().forEach(sentinel::addSentinelAddress);
                masterOnly(sentinel, poolSize);
                timeouts(sentinel);
                credentials(sentinel, url);
            }
            case CLUSTER -> {
                ClusterServersConfig cluster = config.useClusterServers()
                        // 1 s: a promoted replica is found within a second of the cluster's failover
                        .setScanInterval(1_000);
                url.addresses().forEach(cluster::addNodeAddress);
                masterOnly(cluster, poolSize);
                timeouts(cluster);
                credentials(cluster, url);
            }
            default -> throw new IllegalStateException(url.mode().toString());
        }
        try {
            return Redisson.create(config);
        } catch (RuntimeException e) {
            throw new StorageException("cannot connect to Redis at " + redact(redisUrl) + ": " + rootMessage(e), e);
        }
    }

    /**
     * Redisson's I/O: native epoll where Netty has it (as our own servers), and one event loop per
     * core instead of Redisson's 32. Every Redis call is a hand-over to one of these loops and back;
     * async-profiler at 3,000 msg/s over 2,000 clients, 2 cores: Redisson's loops took 13.1% of the
     * cluster JVM's samples with NIO and 32 loops, 9.3% with epoll and 2 (NIO's selector
     * bookkeeping and wake-ups of many mostly idle loops).
     */
    static void eventLoops(Config config) {
        config.setNettyThreads(redisEventLoops(Runtime.getRuntime().availableProcessors()));
        if (io.teamtalkj.net.EventLoops.epoll()) { // -Dteamtalk.nio=true turns it off with ours
            config.setTransportMode(TransportMode.EPOLL);
        }
    }

    static int redisEventLoops(int cores) {
        return Math.max(2, Math.min(cores, 32));
    }

    /**
     * Reads and writes on masters only: a replica lags (asynchronous replication), and counters
     * read there could be behind the writes just made through the master.
     */
    private static void masterOnly(BaseMasterSlaveServersConfig<?> c, int poolSize) {
        c.setReadMode(ReadMode.MASTER)
                .setMasterConnectionPoolSize(poolSize)
                .setMasterConnectionMinimumIdleSize(Math.min(4, poolSize))
                .setSlaveConnectionMinimumIdleSize(0)
                .setSlaveConnectionPoolSize(Math.min(4, poolSize));
    }

    private static void timeouts(BaseConfig<?> c) {
        c.setConnectTimeout(3_000).setTimeout(3_000).setRetryAttempts(2);
    }

    private static void credentials(BaseConfig<?> c, RedisUrl url) {
        if (url.username() != null) {
            c.setUsername(url.username());
        }
        if (url.password() != null) {
            c.setPassword(url.password());
        }
    }

    /** A pooled connection; fails at once while MySQL is known to be unreachable ({@link #availability}). */
    public Connection connection() throws SQLException {
        return checked(dataSource);
    }

    /** A read over one connection. */
    @FunctionalInterface
    public interface SqlRead<T> {
        T apply(Connection c) throws SQLException;
    }

    /**
     * Runs a read that may lag behind the primary up to --replica-max-lag (history, recent
     * sessions, directory) on a caught-up read replica when one is configured, else on the
     * primary. A replica that fails the read is skipped and the read runs
     * again on the primary: the caller sees no error. Never for writes, nor for reads whose result
     * is written back as the truth (msg_id counters, unread rebuilds).
     */
    public <T> T read(SqlRead<T> read) throws SQLException {
        ReadReplicas r = replicas;
        ReadReplicas.Lease lease = r == null ? null : r.lease();
        if (lease != null) {
            try (Connection c = lease.connection()) {
                return read.apply(c);
            } catch (SQLException e) {
                // connection lost, timeout, or something only this replica lacks (a migration not
                // replicated yet): the primary answers; a real bug fails there again and is thrown
                r.failed(lease.index(), e);
            }
        }
        try (Connection c = connection()) {
            return read.apply(c);
        }
    }

    /**
     * Upper bound (exclusive, unix s) of a directory sync's {@code updated} window: now, or with
     * replicas now minus the lag bound, so rows a replica may not show yet are left for the next
     * sync instead of being skipped by the client's watermark.
     */
    public int directoryHorizon(int now) {
        ReadReplicas r = replicas;
        return r == null ? now : now - (int) Math.ceil(r.maxLagMillis() / 1000.0);
    }

    /** The read replicas, or null when none is configured. */
    public ReadReplicas replicas() {
        return replicas;
    }

    /**
     * A connection in manual-commit mode: commit or roll back before closing it (closing rolls back).
     * Fails at once while MySQL is known to be unreachable.
     */
    public Connection transactionConnection() throws SQLException {
        return checked(transactions);
    }

    /**
     * A manual-commit connection for the message store, whose COMMIT may end its last statement:
     * roll back with {@link #rollback}, not {@code Connection.rollback()} (see {@link #openStorePool}).
     */
    public Connection storeConnection() throws SQLException {
        return checked(stores);
    }

    /**
     * A pooled connection even while MySQL is marked unreachable (it waits the pool's timeout): for
     * resolving a commit whose outcome is unknown, which must not be given up at once.
     */
    public Connection connectionWaiting() throws SQLException {
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            availability.suspect(e);
            throw e;
        }
    }

    private Connection checked(HikariDataSource pool) throws SQLException {
        availability.check();
        try {
            return pool.getConnection();
        } catch (SQLException e) {
            availability.suspect(e);
            throw e;
        }
    }

    /** Whether MySQL is known to be unreachable; report connection failures to it ({@code suspect}). */
    public DatabaseAvailability availability() {
        return availability;
    }

    public HikariDataSource dataSource() {
        return dataSource;
    }

    public RedissonClient redis() {
        return redis;
    }

    /** Rebuilds unread counts a failed post-commit Redis update left wrong. */
    public UnreadHealer unreadHealer() {
        return unreadHealer;
    }

    public boolean databaseAlive() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    /** Whether Redis answers (a read of a key nobody writes). */
    public boolean redisAlive() {
        try {
            redis.getBucket(RedisKeys.HEALTH_PROBE).isExists();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        unreadHealer.close();
        availability.close();
        if (replicas != null) {
            replicas.close();
        }
        try {
            redis.shutdown();
        } catch (RuntimeException e) {
            log.warn("closing Redis client: {}", e.toString());
        }
        stores.close();
        transactions.close();
        dataSource.close();
    }

    /** Hides a password given in a URL. */
    public static String redact(String url) {
        return url.replaceAll("(//[^:/@]*:)[^@/]*@", "$1***@").replaceAll("(?i)(password=)[^&]*", "$1***");
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }
}
