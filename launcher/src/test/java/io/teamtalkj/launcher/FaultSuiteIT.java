package io.teamtalkj.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.teamtalkj.dbproxy.DbProxyConfig;
import io.teamtalkj.dbproxy.DbProxyServer;
import io.teamtalkj.dbproxy.storage.RedisKeys;
import io.teamtalkj.dbproxy.storage.Storage;
import io.teamtalkj.embedded.EmbeddedMariaDb;
import io.teamtalkj.embedded.EmbeddedRedis;
import io.teamtalkj.launcher.cluster.LocalCluster;
import io.teamtalkj.loadtest.LoadReport;
import io.teamtalkj.loadtest.LoadTest;
import io.teamtalkj.loadtest.LoadTestOptions;
import io.teamtalkj.loadtest.LoadTestOptions.Scenario;
import io.teamtalkj.msgserver.MsgServer;
import io.teamtalkj.testing.Ports;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.redisson.api.RedissonClient;

/**
 * The fault suite (issue 21): each test starts a cluster in this JVM (2 msg-servers, 2
 * route-servers, 1 or 2 dbproxies) on a real MariaDB and a real redis-server, runs the load
 * tester against it (p2p, paced, {@value #CLIENTS} SDK clients placed by the login-server, half
 * the pairs across msg-servers, reconnect on), injects one fault {@link #FAULT_AT} into the
 * measured traffic, ends the traffic {@link #AFTER_FAULT} after the fault ended, and then asserts from the load tester's exact accounting (with its pull of
 * the history after the run): no acked message lost, none duplicated, every dropped client logged
 * in again; unread counts in Redis equal to what MySQL says; memory bounded; and acks back at
 * the pre-fault rate within {@link #RECOVERY_BOUND} of the end of the fault (a kill ends at once,
 * a restart when the process is up again). Each fault writes one line (fault, acked, lost,
 * duplicated, failed sends, received but never acked, received only by the pull, outage, recovery,
 * memory peaks) to {@code target/fault-suite.txt}.
 *
 * <p>MariaDB and redis-server are real processes killed with SIGKILL and restarted. The tiers run
 * in this JVM, so their "kill -9" is {@code abort()}: the listener and every connection close at
 * once with no drain, no notice and (for the dbproxy) its database pools closed under the work
 * still queued, which is what the peers see of a killed process; their SIGTERM is {@code close()},
 * the drain the launcher's shutdown hook runs. A route-server has no drain: its close() drops
 * every link at once, as kill -9 does.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class FaultSuiteIT {
    static final int CLIENTS = 24;
    static final double RATE = 150;
    static final Duration FAULT_AT = Duration.ofSeconds(4);
    /** Traffic goes on this long after the fault ended (a restart: the process is up again). */
    static final Duration AFTER_FAULT = Duration.ofSeconds(8);
    /** At most this much traffic (a MariaDB restart on a busy machine may take a minute). */
    static final Duration TRAFFIC_CAP = Duration.ofSeconds(110);
    /** Acks must be back at 80% of the pre-fault rate within this long after the fault. */
    static final Duration RECOVERY_BOUND = Duration.ofSeconds(30);
    /** Direct memory may grow at most this much over what it was when the fault hit. */
    static final long DIRECT_GROWTH_BOUND = 64L << 20;
    static final Path SUMMARY = Path.of("target", "fault-suite.txt");

    @TempDir
    static Path dataDir;

    static EmbeddedMariaDb mariaDb;
    static EmbeddedRedis redis;

    LocalCluster cluster;

    @BeforeAll
    static void startStorage() throws Exception {
        mariaDb = EmbeddedMariaDb.startTemporary();
        mariaDb.createDatabase("teamtalk");
        redis = EmbeddedRedis.startPersistent();
        Files.createDirectories(SUMMARY.getParent());
        Files.writeString(SUMMARY, String.format(Locale.ROOT, "%-42s %7s %5s %4s %7s %8s %8s %8s %9s %8s %10s%n", "fault",
                "acked", "lost", "dup", "failed", "unacked", "by pull", "outage", "recovery", "heap MB", "direct MB"), StandardCharsets.UTF_8);
    }

    @AfterAll
    static void stopStorage() {
        if (redis != null) {
            redis.close();
        }
        if (mariaDb != null) {
            mariaDb.close();
        }
    }

    @AfterEach
    void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        if (!redis.running()) { // a test failed between kill and restart
            redis.restart();
        }
    }

    private void startCluster(int dbProxies) throws Exception {
        cluster = InProcessClusters.start(dataDir, o -> {
            o.dbProxies = dbProxies;
            o.dbUrl = mariaDb.jdbcUrl("teamtalk");
            o.redisUrl = redis.url();
        });
    }

    // ---------------------------------------------------------------------------------------------
    // the faults

    @Test
    void mariaDbKilledAndRestarted() throws Exception {
        startCluster(1);
        Outcome out = runWithFault("MariaDB kill -9, restart after 3 s", "fmdb", () -> {
            mariaDb.kill();
            TimeUnit.SECONDS.sleep(3); // the outage the fault is made of, not a wait for a condition
            mariaDb.restart();
        });
        assertSound(out);
    }

    @Test
    void redisKilledAndRestartedFromItsAppendOnlyFile() throws Exception {
        startCluster(1);
        Outcome out = runWithFault("Redis kill -9, restart after 2 s", "fred", () -> {
            redis.kill();
            TimeUnit.SECONDS.sleep(2); // the outage
            redis.restart();
        });
        assertSound(out);
    }

    @Test
    void dbProxyKilledWhileAnotherIsUp() throws Exception {
        startCluster(2);
        DbProxyServer second = cluster.dbProxies().get(1);
        AtomicLong servedBeforeFault = new AtomicLong();
        Outcome out = runWithFault("dbproxy kill -9 (1 of 2)", "fdpk", () -> {
            servedBeforeFault.set(second.pool().served());
            second.abort();
        });
        assertThat(servedBeforeFault.get()).as("the killed dbproxy had conversations to move").isPositive();
        assertSound(out);
    }

    @Test
    void theOnlyDbProxyKilledAndRestarted() throws Exception {
        startCluster(1);
        DbProxyServer only = cluster.dbProxy();
        List<DbProxyServer> restarted = new ArrayList<>();
        try {
            Outcome out = runWithFault("dbproxy kill -9 (only one), restart 2 s", "fdpr", () -> {
                int port = only.port();
                only.abort();
                TimeUnit.SECONDS.sleep(2); // the outage
                DbProxyConfig again = only.config();
                again.port = port; // where the msg-servers' links look for it
                again.controlPort = 0;
                again.metricsPort = 0;
                restarted.add(Ports.restartOn(() -> DbProxyServer.start(again)));
            });
            assertSound(out);
        } finally {
            restarted.forEach(DbProxyServer::close);
        }
    }

    @Test
    void dbProxyDrainedWhileAnotherIsUp() throws Exception {
        startCluster(2);
        DbProxyServer second = cluster.dbProxies().get(1);
        AtomicLong servedBeforeFault = new AtomicLong();
        Outcome out = runWithFault("dbproxy SIGTERM (1 of 2)", "fdpd", () -> {
            servedBeforeFault.set(second.pool().served());
            second.close();
        });
        assertThat(servedBeforeFault.get()).as("the drained dbproxy had conversations to move").isPositive();
        assertSound(out);
    }

    @Test
    void routeServerKilledWhileAnotherIsUp() throws Exception {
        startCluster(1);
        Outcome out = runWithFault("route-server kill -9 (1 of 2)", "frtk",
                () -> cluster.routeServers().get(0).close());
        assertSound(out);
    }

    @Test
    void msgServerKilledWithClientsAttached() throws Exception {
        startCluster(1);
        AtomicLong attached = new AtomicLong();
        Outcome out = runWithFault("msg-server kill -9 (1 of 2)", "fmsk", () -> {
            MsgServer victim = busiest();
            attached.set(victim.openSockets());
            victim.abort();
        });
        assertThat(attached.get()).as("the killed msg-server had clients").isPositive();
        assertThat(out.report.disconnects).as("each of its clients dropped").isGreaterThanOrEqualTo(attached.get());
        assertSound(out);
    }

    @Test
    void msgServerDrainedWithClientsAttached() throws Exception {
        startCluster(1);
        AtomicLong attached = new AtomicLong();
        Outcome out = runWithFault("msg-server SIGTERM (1 of 2)", "fmsd", () -> {
            MsgServer victim = busiest();
            attached.set(victim.openSockets());
            victim.close();
        });
        assertThat(attached.get()).as("the drained msg-server had clients").isPositive();
        assertThat(out.report.disconnects).as("each of its clients dropped").isGreaterThanOrEqualTo(attached.get());
        assertSound(out);
    }

    /** The msg-server with the most connections (the fault hits the most clients). */
    private MsgServer busiest() {
        return cluster.msgServers().stream().max(Comparator.comparingInt(MsgServer::openSockets)).orElseThrow();
    }

    // ---------------------------------------------------------------------------------------------
    // running and checking

    /** One fault, injected by the test while the load tester runs. */
    @FunctionalInterface
    interface Fault {
        void inject() throws Exception;
    }

    /**
     * @param outageSeconds   how long the injection took (a restart: until the process was up again)
     * @param recoverySeconds from the end of the injection until acks were back (see {@link #recoverySeconds})
     */
    record Outcome(String fault, String userPrefix, LoadReport report, double outageSeconds, double recoverySeconds,
                   MemoryPeaks.Figures memory) { }

    private Outcome runWithFault(String fault, String userPrefix, Fault injection) throws Exception {
        LoadTestOptions o = new LoadTestOptions();
        o.scenario = Scenario.P2P;
        o.loginUrl = cluster.loginUrl(); // no fixed msg-servers: clients are placed, and re-homed, by the login-server
        o.admin = "127.0.0.1:" + cluster.dbProxy().controlPort();
        o.createUsers = true;
        o.userPrefix = userPrefix;
        o.clients = CLIENTS;
        o.crossFraction = 0.5;
        o.rate = RATE;
        o.warmup = Duration.ofSeconds(1);
        o.duration = TRAFFIC_CAP; // ended earlier by stopWhen, AFTER_FAULT after the fault ended
        // longer than the msg-server's wait for the dbproxy (10 s): a send that gives up before the
        // server does may be stored and acked too late, and would count as "stored, never acked"
        o.requestTimeout = Duration.ofSeconds(15);
        o.drainTimeout = Duration.ofSeconds(20);
        o.sharedJvm = true;
        o.sourceAddresses = 4;
        // one login at a time: the login-server's least-loaded choice sees each login before the next
        // discovery, so the clients (and the pairs) spread over both msg-servers
        o.loginConcurrency = 1;
        o.label = fault;
        CompletableFuture<Long> measuring = new CompletableFuture<>();
        o.progress = line -> {
            if (line.startsWith("warm-up over")) {
                measuring.complete(System.nanoTime());
            }
        };
        AtomicLong faultNanos = new AtomicLong();
        AtomicLong faultEndNanos = new AtomicLong();
        CompletableFuture<Void> injected = new CompletableFuture<>();
        AtomicLong endedAt = new AtomicLong(); // System.nanoTime() when the injection returned
        o.stopWhen = () -> injected.isCompletedExceptionally()
                || (injected.isDone() && System.nanoTime() - endedAt.get() > AFTER_FAULT.toNanos());
        try (MemoryPeaks memory = MemoryPeaks.start()) {
            Thread injector = new Thread(() -> {
                try {
                    long from = measuring.get(2, TimeUnit.MINUTES);
                    // the load tester's schedule: the fault lands FAULT_AT into the measured traffic
                    TimeUnit.NANOSECONDS.sleep(from + FAULT_AT.toNanos() - System.nanoTime());
                    memory.markFault();
                    faultNanos.set(System.nanoTime() - from);
                    injection.inject();
                    endedAt.set(System.nanoTime());
                    faultEndNanos.set(endedAt.get() - from);
                    injected.complete(null);
                } catch (Throwable e) {
                    injected.completeExceptionally(e);
                }
            }, "fault-injector");
            injector.setDaemon(true);
            injector.start();
            LoadReport r = LoadTest.run(o);
            injected.get(1, TimeUnit.MINUTES);
            System.out.println("fault-suite: " + fault + ": failures " + r.ackFailures + ", notes " + r.notes);
            double outage = (faultEndNanos.get() - faultNanos.get()) / 1e9;
            double recovery = recoverySeconds(r.ackPerSecond, faultNanos.get() / 1e9, faultEndNanos.get() / 1e9);
            Outcome out = new Outcome(fault, userPrefix, r, outage, recovery, memory.figures());
            record(out);
            return out;
        }
    }

    /**
     * Seconds from the end of the fault (a kill: at once; a restart: the process is up again) until
     * the end of the first later second with acks back at 80% of the median rate of the full seconds
     * before the fault (1 s resolution); infinite if they never were. Row {@code k} of the load
     * tester's per-second acks covers about the k-th second of the measured traffic.
     */
    static double recoverySeconds(List<long[]> ackPerSecond, double faultAt, double faultEnd) {
        int faultRow = (int) Math.floor(faultAt) + 1;
        int endRow = (int) Math.floor(faultEnd) + 1;
        List<Long> before = new ArrayList<>();
        for (long[] row : ackPerSecond) {
            if (row[0] >= 2 && row[0] < faultRow) {
                before.add(row[1]);
            }
        }
        assertThat(before).as("full seconds of acks before the fault").isNotEmpty();
        before.sort(null);
        long baseline = before.get(before.size() / 2);
        for (long[] row : ackPerSecond) {
            if (row[0] > endRow && row[1] >= 0.8 * baseline) {
                return row[0] - faultEnd;
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    private void assertSound(Outcome out) throws Exception {
        LoadReport r = out.report;
        assertThat(r.clientsConnected).isEqualTo(CLIENTS);
        assertThat(r.crossPairs).as("pairs across the two msg-servers").isPositive();
        assertThat(r.acked).as("acks (failures: %s)", r.ackFailures).isPositive();
        assertThat(r.pulled).as("every receiver pulled its history (%s)", r.notes).isTrue();
        assertThat(r.lost()).as("acked but never received (%s)", r.accounting).isZero();
        assertThat(r.duplicated()).as("received twice").isZero();
        assertThat(r.reconnects).as("every dropped client logged in again").isEqualTo(r.disconnects);
        assertThat(out.recoverySeconds).as("seconds until acks were back at the pre-fault rate (per second: %s)",
                rows(r.ackPerSecond)).isLessThanOrEqualTo(RECOVERY_BOUND.toSeconds());
        assertThat(out.memory.directPeak()).as("direct memory bounded")
                .isLessThanOrEqualTo(out.memory.directAtFault() + DIRECT_GROWTH_BOUND);
        assertThat(out.memory.heapPeak()).as("heap bounded").isLessThan((long) (Runtime.getRuntime().maxMemory() * 0.9));
        assertUnreadMatchesMysql(out.fault, out.userPrefix);
    }

    private static String rows(List<long[]> perSecond) {
        StringBuilder b = new StringBuilder();
        for (long[] row : perSecond) {
            b.append(row[0]).append(':').append(row[1]).append(' ');
        }
        return b.toString();
    }

    /**
     * Every user of the run: the one-to-one unread counts in Redis (built by the load tester's
     * unread request after the run) equal MySQL's count of messages after the user's read position.
     */
    private void assertUnreadMatchesMysql(String fault, String prefix) throws Exception {
        RedissonClient redisClient = Storage.openRedis(redis.url(), 1);
        try (Connection c = DriverManager.getConnection(mariaDb.jdbcUrl("teamtalk"), "root", "")) {
            Map<Integer, String> users = users(c, prefix);
            assertThat(users).as("the run's users").hasSize(CLIENTS);
            int checked = 0;
            for (int user : users.keySet()) {
                Map<Integer, Long> truth = mysqlUnread(c, user);
                Map<String, String> hash = redisClient.<String, String>getMap(RedisKeys.unread(user)).readAllMap();
                Map<Integer, Long> cached = new HashMap<>();
                hash.forEach((peer, count) -> {
                    long n = Long.parseLong(count);
                    if (!peer.equals(RedisKeys.UNREAD_PRESENT_FIELD) && n != 0) {
                        cached.put(Integer.parseInt(peer), n);
                    }
                });
                if (!truth.isEmpty()) {
                    assertThat(hash).as("%s: user %s asked for unread after the run, so Redis has it", fault,
                            users.get(user)).isNotEmpty();
                    checked++;
                }
                assertThat(cached).as("%s: unread of user %s (Redis) equals MySQL's count", fault, users.get(user))
                        .isEqualTo(truth);
            }
            assertThat(checked).as("receivers with unread messages").isPositive();
        } finally {
            redisClient.shutdown();
        }
    }

    private static Map<Integer, String> users(Connection c, String prefix) throws Exception {
        Map<Integer, String> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, name FROM IMUser WHERE name LIKE ?")) {
            ps.setString(1, prefix + "%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getInt(1), rs.getString(2));
                }
            }
        }
        return out;
    }

    /** Per sender: stored one-to-one messages to {@code user} after its read position of that session. */
    private static Map<Integer, Long> mysqlUnread(Connection c, int user) throws Exception {
        Map<Integer, Long> out = new HashMap<>();
        for (int shard = 0; shard < 8; shard++) {
            try (PreparedStatement ps = c.prepareStatement("SELECT m.fromId, COUNT(*) FROM IMMessage_" + shard
                    + " m LEFT JOIN TTReadPosition r ON r.userId=m.toId AND r.peerId=m.fromId AND r.type=1"
                    + " WHERE m.toId=? AND m.status=0 AND m.msgId > COALESCE(r.readMsgId, 0) GROUP BY m.fromId")) {
                ps.setInt(1, user);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.merge(rs.getInt(1), rs.getLong(2), Long::sum);
                    }
                }
            }
        }
        return out;
    }

    private static synchronized void record(Outcome out) throws Exception {
        LoadReport r = out.report;
        String line = String.format(Locale.ROOT, "%-42s %7d %5d %4d %7d %8d %8d %7.1fs %8.1fs %8d %10d%n", out.fault,
                r.acked, r.lost(), r.duplicated(), r.ackFailed, r.accounting.receivedNotAcked(),
                r.accounting.receivedByPull(), out.outageSeconds, out.recoverySeconds, out.memory.heapPeak() >> 20,
                out.memory.directPeak() >> 20);
        Files.writeString(SUMMARY, line, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        System.out.print("fault-suite: " + line);
    }
}
