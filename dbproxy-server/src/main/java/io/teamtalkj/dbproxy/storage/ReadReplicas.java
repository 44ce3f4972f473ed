package io.teamtalkj.dbproxy.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MySQL read replicas for reads that may be a little behind (history, recent sessions,
 * directory). A heartbeat row written on the primary every {@code interval} with this process'
 * clock and read back on each replica measures how far behind the replica is; a replica more
 * than the bound behind, not answering, or not checked lately is skipped and the primary serves
 * (see {@link ReplicaChoice}); it is used again once a check finds it caught up.
 */
public final class ReadReplicas implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReadReplicas.class);

    /** Rows of dbproxies gone for this long are removed from the heartbeat table. */
    private static final long FORGET_MILLIS = Duration.ofDays(1).toMillis();

    private final DataSource primary;
    private final List<HikariDataSource> pools;
    private final List<String> names;
    private final List<String> urls = new ArrayList<>();
    private final java.util.Properties checkProps = new java.util.Properties();
    private final AtomicReferenceArray<ReplicaChoice.State> states;
    private final AtomicLong[] served;
    private final AtomicLong servedByPrimary = new AtomicLong();
    private final ReplicaChoice choice;
    private final long intervalMillis;
    private final long maxLagMillis;
    private final String instance = UUID.randomUUID().toString();
    private final Thread checker;
    private volatile boolean running = true;

    /**
     * @param replicaUrls JDBC URLs of the replicas (same user and password as the primary)
     */
    ReadReplicas(DataSource primary, List<String> replicaUrls, String user, String password, Duration maxLag,
                 Duration interval) {
        this.primary = primary;
        this.intervalMillis = interval.toMillis();
        this.maxLagMillis = maxLag.toMillis();
        // a check older than three intervals means the checker could not reach the replica in time
        this.choice = new ReplicaChoice(maxLag.toMillis(), interval.multipliedBy(3).toNanos());
        this.pools = new ArrayList<>();
        this.names = new ArrayList<>();
        this.states = new AtomicReferenceArray<>(replicaUrls.size());
        this.served = new AtomicLong[replicaUrls.size()];
        if (user != null) {
            checkProps.setProperty("user", user);
        }
        if (password != null) {
            checkProps.setProperty("password", password);
        }
        checkProps.setProperty("connectTimeout", Long.toString(Math.max(500, intervalMillis)));
        checkProps.setProperty("socketTimeout", Long.toString(Math.max(1_000, 2 * intervalMillis)));
        for (int i = 0; i < replicaUrls.size(); i++) {
            urls.add(replicaUrls.get(i));
            names.add(hostOf(replicaUrls.get(i)));
            pools.add(pool(replicaUrls.get(i), user, password, i));
            states.set(i, ReplicaChoice.State.UNCHECKED);
            served[i] = new AtomicLong();
        }
        this.checker = new Thread(this::run, "dbproxy-replica-check");
        checker.setDaemon(true);
        checker.start();
    }

    /** Replica pools connect lazily: a replica down at start must not stop the dbproxy. */
    private static HikariDataSource pool(String url, String user, String password, int index) {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("dbproxy-mysql-replica-" + index);
        hc.setJdbcUrl(Storage.withDefaults(url) + (url.contains("socketTimeout=") ? "" : "&socketTimeout=10000"));
        hc.setUsername(user);
        hc.setPassword(password);
        hc.setMaximumPoolSize(8);
        hc.setMinimumIdle(0);
        hc.setReadOnly(true);
        // short: a dead replica costs a request at most this before the primary serves it
        hc.setConnectionTimeout(1_000);
        hc.setValidationTimeout(500);
        hc.setInitializationFailTimeout(-1);
        return new HikariDataSource(hc);
    }

    /** "host:port" of a JDBC URL, for logs and metric tags (no credentials). */
    static String hostOf(String url) {
        String s = url.replaceFirst("^jdbc:[a-z]+://", "");
        int at = s.lastIndexOf('@', s.indexOf('/') < 0 ? s.length() : s.indexOf('/'));
        s = s.substring(at + 1);
        int end = s.length();
        for (char c : new char[] {'/', '?'}) {
            int i = s.indexOf(c);
            if (i >= 0) {
                end = Math.min(end, i);
            }
        }
        return s.substring(0, end);
    }

    /** A connection of replica {@code index}, to be closed by the caller. */
    record Lease(int index, Connection connection) {
    }

    /**
     * A connection for a read that may lag up to the bound: from a usable replica, else (none
     * usable, or the chosen one refuses a connection) {@code null}: the caller reads the primary.
     */
    Lease lease() {
        List<ReplicaChoice.State> now = new ArrayList<>(states.length());
        for (int i = 0; i < states.length(); i++) {
            now.add(states.get(i));
        }
        int idx = choice.pick(now, System.nanoTime());
        if (idx >= 0) {
            try {
                Connection c = pools.get(idx).getConnection();
                served[idx].incrementAndGet();
                return new Lease(idx, c);
            } catch (SQLException e) {
                markDown(idx, "refused a connection", e);
            }
        }
        servedByPrimary.incrementAndGet();
        return null;
    }

    /** A read on replica {@code index} failed: the primary serves it instead. */
    void failed(int index, SQLException e) {
        markDown(index, "failed a read", e);
        served[index].decrementAndGet();
        servedByPrimary.incrementAndGet();
    }

    /** Skipped until its next check succeeds. */
    private void markDown(int index, String what, SQLException e) {
        states.set(index, new ReplicaChoice.State(false, Long.MAX_VALUE, System.nanoTime()));
        log.warn("MySQL replica {} {}, reading from the primary: {}", names.get(index), what, Storage.rootMessage(e));
    }

    private void run() {
        long lastForget = 0;
        while (running) {
            long now = System.currentTimeMillis();
            try {
                beat(now, now - lastForget > FORGET_MILLIS / 24);
                if (now - lastForget > FORGET_MILLIS / 24) {
                    lastForget = now;
                }
            } catch (SQLException e) {
                log.debug("replica heartbeat write on the primary failed: {}", e.toString());
            }
            for (int i = 0; i < pools.size(); i++) {
                check(i);
            }
            try {
                Thread.sleep(intervalMillis);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void beat(long now, boolean forget) throws SQLException {
        try (Connection c = primary.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO TTReplicaHeartbeat (instance, ts) VALUES (?, ?) ON DUPLICATE KEY UPDATE ts = VALUES(ts)")) {
                ps.setString(1, instance);
                ps.setLong(2, now);
                ps.executeUpdate();
            }
            if (forget) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM TTReplicaHeartbeat WHERE ts < ?")) {
                    ps.setLong(1, now - FORGET_MILLIS);
                    ps.executeUpdate();
                }
            }
        }
    }

    private void check(int i) {
        ReplicaChoice.State before = states.get(i);
        ReplicaChoice.State after;
        // a fresh connection, not the pool's: the check must see a dead replica, not a pooled socket
        try (Connection c = java.sql.DriverManager.getConnection(urls.get(i), checkProps);
             PreparedStatement ps = c.prepareStatement("SELECT ts FROM TTReplicaHeartbeat WHERE instance = ?")) {
            ps.setString(1, instance);
            try (ResultSet rs = ps.executeQuery()) {
                // no row yet: our first beat has not arrived, as good as far behind
                long lag = rs.next() ? System.currentTimeMillis() - rs.getLong(1) : Long.MAX_VALUE;
                after = new ReplicaChoice.State(true, lag, System.nanoTime());
            }
        } catch (SQLException | RuntimeException e) {
            after = new ReplicaChoice.State(false, Long.MAX_VALUE, System.nanoTime());
        }
        states.set(i, after);
        boolean was = choice.usable(before, System.nanoTime());
        boolean is = choice.usable(after, System.nanoTime());
        if (was != is) {
            if (is) {
                log.info("MySQL replica {} serves reads again (lag {} ms)", names.get(i), after.lagMillis());
            } else {
                log.warn("MySQL replica {} skipped: {}", names.get(i), after.answered()
                        ? "behind by " + (after.lagMillis() == Long.MAX_VALUE ? "unknown" : after.lagMillis() + " ms")
                        : "not answering");
            }
        }
    }

    long maxLagMillis() {
        return maxLagMillis;
    }

    /** Names (host:port) of the replicas, in the order given. */
    public List<String> names() {
        return List.copyOf(names);
    }

    /** Reads replica {@code i} served so far. */
    public long served(int i) {
        return served[i].get();
    }

    /** Reads the primary served because no replica was usable. */
    public long servedByPrimary() {
        return servedByPrimary.get();
    }

    /** Replica {@code i}'s lag at its last check in ms; -1 when it did not answer or has no heartbeat yet. */
    public long lagMillis(int i) {
        ReplicaChoice.State s = states.get(i);
        return s.answered() && s.lagMillis() != Long.MAX_VALUE ? s.lagMillis() : -1;
    }

    /** Whether replica {@code i} may serve reads now. */
    public boolean usable(int i) {
        return choice.usable(states.get(i), System.nanoTime());
    }

    @Override
    public void close() {
        running = false;
        checker.interrupt();
        try {
            checker.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pools.forEach(HikariDataSource::close);
    }
}
