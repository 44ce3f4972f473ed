package io.teamtalkj.clusterit;

import static org.assertj.core.api.Assertions.assertThat;

import io.teamtalkj.embedded.EmbeddedMariaDb;
import io.teamtalkj.embedded.EmbeddedRedis;
import io.teamtalkj.embedded.EmbeddedRedisCluster;
import io.teamtalkj.loadtest.LoadReport;
import io.teamtalkj.loadtest.LoadTest;
import io.teamtalkj.loadtest.LoadTestOptions;
import io.teamtalkj.loadtest.LoadTestOptions.Scenario;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Several of each tier, each its own process (issue 20 item 3): 2 dbproxies over a MariaDB primary
 * with one replica (binlog replication set up here; the dbproxies read history, recent sessions and
 * the directory from it while it is caught up) and a Redis Cluster of 3 masters with a replica each ({@code redis-cluster://}), 2 route-servers,
 * 3 msg-servers and a login-server, the load tester in this JVM placing its clients through the
 * login-server. Mid-run a msg-server is killed (kill -9: its clients re-home through the
 * login-server), then a Redis master (kill -9: its replica is promoted; what it had not yet
 * replicated is lost, MySQL is the truth). Nothing acked may be lost or delivered twice.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class MultiProcessClusterIT {
    private static final int CLIENTS = 30;
    private static final double RATE = 150;
    private static final Duration MSG_SERVER_KILL_AT = Duration.ofSeconds(4);
    private static final Duration REDIS_KILL_AT = Duration.ofSeconds(8);
    /** the promotion takes the cluster's node timeout (2 s) and a vote; a loaded box needs longer */
    private static final Duration FAILOVER_LIMIT = Duration.ofSeconds(60);
    /** traffic after the last fault, so re-homed clients and the promoted replica carry load again */
    private static final Duration AFTER_FAULTS = Duration.ofSeconds(8);

    private static final String DB = "teamtalk_cit";
    private static EmbeddedMariaDb db;
    private static EmbeddedMariaDb replica;
    private static EmbeddedRedisCluster redis;
    private static ProcessCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        db = EmbeddedMariaDb.startTemporary("primary", List.of("--log-bin=primary-bin", "--server-id=1",
                "--binlog-format=ROW"));
        replica = EmbeddedMariaDb.startTemporary("replica", List.of("--server-id=2", "--relay-log=replica-relay"));
        replicate(db, replica);
        db.createDatabase(DB); // replicated from here on, as is the schema the first dbproxy migrates
        redis = EmbeddedRedisCluster.start(3, 1);
        cluster = ProcessCluster.start(db.jdbcUrl(DB), replica.jdbcUrl(DB), db.user(), db.password(), redis.url(),
                2, 2, 3, Path.of("target", "cluster-it"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        if (redis != null) {
            redis.close();
        }
        if (replica != null) {
            replica.close();
        }
        if (db != null) {
            db.close();
        }
    }

    /** The replica follows the primary's binary log from its current position. */
    private static void replicate(EmbeddedMariaDb primary, EmbeddedMariaDb replica) throws Exception {
        String file;
        long position;
        try (Connection c = DriverManager.getConnection(primary.jdbcUrl(""), primary.user(), primary.password());
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW MASTER STATUS")) {
            assertThat(rs.next()).as("binary log on").isTrue();
            file = rs.getString(1);
            position = rs.getLong(2);
        }
        try (Connection c = DriverManager.getConnection(replica.jdbcUrl(""), replica.user(), replica.password());
             Statement st = c.createStatement()) {
            st.execute("CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=" + primary.port()
                    + ", MASTER_USER='" + primary.user() + "', MASTER_PASSWORD='" + primary.password()
                    + "', MASTER_LOG_FILE='" + file + "', MASTER_LOG_POS=" + position
                    + ", MASTER_USE_GTID=no, MASTER_SSL=0, MASTER_CONNECT_RETRY=1");
            st.execute("START SLAVE");
        }
    }

    /** Reads the dbproxies' replicas served (their teamtalk_dbproxy_replica_reads_total not served by the primary). */
    private static long replicaReads() throws Exception {
        long sum = 0;
        Pattern line = Pattern.compile("^teamtalk_dbproxy_replica_reads_total\\{served_by=\"([^\"]+)\"[^}]*} ([0-9.eE+]+)$",
                Pattern.MULTILINE);
        HttpClient http = HttpClient.newHttpClient();
        for (TierProcess d : cluster.dbproxies) {
            String body = http.send(HttpRequest.newBuilder(URI.create("http://" + d.address(2) + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = line.matcher(body);
            while (m.find()) {
                if (!m.group(1).equals("primary")) {
                    sum += (long) Double.parseDouble(m.group(2));
                }
            }
        }
        return sum;
    }

    @Test
    void nothingAckedIsLostOrDuplicatedWhenAMsgServerAndARedisMasterDie() throws Exception {
        TierProcess victim = cluster.msgServers.get(2);
        LoadTestOptions o = new LoadTestOptions();
        o.scenario = Scenario.P2P;
        o.loginUrl = cluster.loginUrl(); // placed, and re-homed, by the login-server
        o.admin = cluster.admin();
        o.createUsers = true;
        o.userPrefix = "cit";
        o.clients = CLIENTS;
        o.crossFraction = 0.5;
        o.rate = RATE;
        o.warmup = Duration.ofSeconds(2);
        o.duration = Duration.ofSeconds(60); // ended by stopWhen
        o.requestTimeout = Duration.ofSeconds(15);
        o.drainTimeout = Duration.ofSeconds(20);
        o.sourceAddresses = 4;
        // one login at a time, so the login-server's least-loaded choice spreads them over all three
        o.loginConcurrency = 1;
        o.label = "multi-process";
        CompletableFuture<Long> measuring = new CompletableFuture<>();
        o.progress = line -> {
            if (line.startsWith("warm-up over")) {
                measuring.complete(System.nanoTime());
            }
        };
        AtomicLong faultsOver = new AtomicLong();
        CompletableFuture<Void> faults = new CompletableFuture<>();
        o.stopWhen = () -> faults.isCompletedExceptionally()
                || (faults.isDone() && System.nanoTime() - faultsOver.get() > AFTER_FAULTS.toNanos());
        EmbeddedRedis master = redis.masters().get(0);
        Thread injector = new Thread(() -> {
            try {
                long from = measuring.get(3, TimeUnit.MINUTES);
                sleepUntil(from + MSG_SERVER_KILL_AT.toNanos());
                victim.kill();
                sleepUntil(from + REDIS_KILL_AT.toNanos());
                redis.kill(master);
                redis.awaitHealthy(FAILOVER_LIMIT); // its replica serves the slots
                faultsOver.set(System.nanoTime());
                faults.complete(null);
            } catch (Throwable e) {
                faults.completeExceptionally(e);
            }
        }, "fault-injector");
        injector.setDaemon(true);
        injector.start();

        LoadReport r = LoadTest.run(o);
        faults.get(1, TimeUnit.MINUTES);

        System.out.printf("cluster-it: acked %d, lost %d, duplicated %d, failed %d (%s), disconnects %d, reconnects %d%n",
                r.acked, r.lost(), r.duplicated(), r.ackFailed, r.ackFailures, r.disconnects, r.reconnects);
        assertThat(victim.alive()).isFalse();
        assertThat(master.running()).isFalse();
        assertThat(redis.masters()).as("a replica took the killed master's slots").hasSize(3);
        assertThat(cluster.all()).filteredOn(t -> t != victim).allSatisfy(t -> assertThat(t.alive()).as(t.name).isTrue());
        assertThat(r.clientsConnected).isEqualTo(CLIENTS);
        assertThat(r.acked).as("acks (failures: %s)", r.ackFailures).isPositive();
        assertThat(r.lost()).as("acked but never received (%s)", r.accounting).isZero();
        assertThat(r.duplicated()).as("received twice").isZero();
        assertThat(r.disconnects).as("the killed msg-server's clients dropped").isPositive();
        assertThat(r.reconnects).as("every dropped client logged in again").isEqualTo(r.disconnects);
        assertThat(replicaReads()).as("reads served by the MariaDB replica (the pull's history pages among them)").isPositive();
    }

    /** The injector's schedule is fixed in time (a fault at a moment of the run), not a wait for a condition. */
    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left = nanoTime - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }
}
