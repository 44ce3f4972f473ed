package io.teamtalkj.dbproxy;

import static io.teamtalkj.dbproxy.MsgFixtures.call;
import static io.teamtalkj.dbproxy.MsgFixtures.history;
import static io.teamtalkj.dbproxy.MsgFixtures.ids;
import static io.teamtalkj.dbproxy.MsgFixtures.now;
import static io.teamtalkj.dbproxy.MsgFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mogujie.tt.protobuf.IMBaseDefine.SessionType;
import com.mogujie.tt.protobuf.IMBaseDefine.UserInfo;
import com.mogujie.tt.protobuf.IMBuddy.IMUsersInfoReq;
import com.mogujie.tt.protobuf.IMBuddy.IMUsersInfoRsp;
import io.teamtalkj.dbproxy.storage.ReadReplicas;
import io.teamtalkj.dbproxy.testing.DirectoryRows;
import io.teamtalkj.embedded.EmbeddedMariaDb;
import io.teamtalkj.embedded.EmbeddedRedis;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.testing.PduTestClient;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A real MariaDB primary and replica (two processes, replication set up here): history and
 * directory reads are served by the replica while it is caught up, by the primary while its SQL
 * thread is stopped (lag grows past the bound) or it is dead, and by the replica again once it
 * has caught up; the client never sees an error. A user row written on the replica only shows
 * which database answered.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class ReplicaReadIT {
    private static final String DB = "tt_replica";
    /** Exists on the replica only: seen in a reply exactly when the replica served it. */
    private static final int REPLICA_ONLY_USER = 77;

    private static EmbeddedMariaDb primary;
    private static EmbeddedMariaDb replica;
    private static EmbeddedRedis redis;
    private static DbProxyConfig config;
    private static DbProxyServer server;
    private static PduTestClient client;

    @BeforeAll
    static void start() throws Exception {
        primary = EmbeddedMariaDb.startTemporary("primary", List.of("--log-bin=primary-bin", "--server-id=1",
                "--binlog-format=ROW"));
        replica = EmbeddedMariaDb.startTemporary("replica", List.of("--server-id=2", "--relay-log=replica-relay"));
        redis = EmbeddedRedis.start(0);
        String file;
        long position;
        try (Connection c = jdbc(primary, ""); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW MASTER STATUS")) {
            assertThat(rs.next()).as("binary log on").isTrue();
            file = rs.getString(1);
            position = rs.getLong(2);
        }
        try (Connection c = jdbc(replica, ""); Statement st = c.createStatement()) {
            st.execute("CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=" + primary.port()
                    + ", MASTER_USER='root', MASTER_PASSWORD='', MASTER_LOG_FILE='" + file + "', MASTER_LOG_POS="
                    + position + ", MASTER_USE_GTID=no, MASTER_SSL=0, MASTER_CONNECT_RETRY=1");
            st.execute("START SLAVE");
        }
        primary.createDatabase(DB); // replicated from here on, as is the schema the dbproxy migrates

        config = new DbProxyConfig();
        config.listenHost = "127.0.0.1";
        config.port = 0;
        config.controlPort = -1;
        config.metricsHost = "127.0.0.1";
        config.metricsPort = 0;
        config.workers = 2;
        config.dbPoolSize = 4;
        config.redisPoolSize = 4;
        config.dbUser = primary.user();
        config.dbPassword = primary.password();
        config.dbUrl = primary.jdbcUrl(DB);
        config.mysqlReplicaUrls = List.of(replica.jdbcUrl(DB));
        config.replicaCheckInterval = Duration.ofMillis(250);
        config.replicaMaxLag = Duration.ofSeconds(1);
        config.redisUrl = redis.url();
        server = DbProxyServer.start(config);
        client = PduTestClient.connect(server.port());
        DirectoryRows.user(config, 1, "alice", "pw", "s1", 0, now());
        DirectoryRows.user(config, 2, "bob", "pw", "s2", 0, now());
        await().atMost(Duration.ofSeconds(60)).until(() -> count(replica, "SELECT COUNT(*) FROM IMUser") == 2);
        DbProxyConfig onReplica = new DbProxyConfig();
        onReplica.dbUrl = replica.jdbcUrl(DB);
        onReplica.dbUser = "root";
        onReplica.dbPassword = "";
        DirectoryRows.user(onReplica, REPLICA_ONLY_USER, "ghost", "pw", "s3", 0, now());
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {client, server, redis, replica, primary}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    void readsGoToACaughtUpReplicaAndToThePrimaryWhileItLagsOrIsDead() throws Exception {
        ReadReplicas replicas = server.context().storage().replicas();
        await().atMost(Duration.ofSeconds(30)).until(() -> replicas.usable(0));
        int first = text(client, 1, 2, "one");

        // caught up: served by the replica (it knows the replica-only user), history included
        assertThat(userIds()).containsExactlyInAnyOrder(1, 2, REPLICA_ONLY_USER);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(ids(history(client, 2, SessionType.SESSION_TYPE_SINGLE, 1, 0, 10).getMsgListList()))
                        .containsExactly(first));
        long byReplica = replicas.served(0);
        assertThat(byReplica).isGreaterThanOrEqualTo(2);

        // SQL thread stopped: the replica stops applying, its heartbeat falls behind the bound
        exec(replica, "STOP SLAVE SQL_THREAD");
        int second = text(client, 1, 2, "two");
        await().atMost(Duration.ofSeconds(30)).until(() -> !replicas.usable(0));
        assertThat(replicas.lagMillis(0)).isGreaterThan(1_000);
        long byPrimary = replicas.servedByPrimary();
        assertThat(userIds()).containsExactlyInAnyOrder(1, 2);
        assertThat(ids(history(client, 2, SessionType.SESSION_TYPE_SINGLE, 1, 0, 10).getMsgListList()))
                .containsExactly(second, first);
        assertThat(replicas.servedByPrimary()).isEqualTo(byPrimary + 2);
        assertThat(replicas.served(0)).isEqualTo(byReplica);

        // caught up again: back on the replica, which now has the second message too
        exec(replica, "START SLAVE SQL_THREAD");
        await().atMost(Duration.ofSeconds(30)).until(() -> replicas.usable(0));
        assertThat(userIds()).containsExactlyInAnyOrder(1, 2, REPLICA_ONLY_USER);
        assertThat(ids(history(client, 2, SessionType.SESSION_TYPE_SINGLE, 1, 0, 10).getMsgListList()))
                .containsExactly(second, first);

        // dead (kill -9) before any check noticed: the read in flight falls back to the primary, no error
        replica.kill();
        assertThat(userIds()).containsExactlyInAnyOrder(1, 2);
        await().atMost(Duration.ofSeconds(30)).until(() -> !replicas.usable(0));
        assertThat(ids(history(client, 2, SessionType.SESSION_TYPE_SINGLE, 1, 0, 10).getMsgListList()))
                .containsExactly(second, first);
    }

    private static List<Integer> userIds() throws Exception {
        IMUsersInfoRsp rsp = call(client, CommandId.CID_BUDDY_LIST_USER_INFO_REQUEST, IMUsersInfoReq.newBuilder()
                        .setUserId(1).addAllUserIdList(List.of(1, 2, REPLICA_ONLY_USER)).build(),
                CommandId.CID_BUDDY_LIST_USER_INFO_RESPONSE, IMUsersInfoRsp.parser());
        return rsp.getUserInfoListList().stream().map(UserInfo::getUserId).toList();
    }

    private static Connection jdbc(EmbeddedMariaDb db, String database) throws Exception {
        return DriverManager.getConnection(db.jdbcUrl(database), db.user(), db.password());
    }

    private static void exec(EmbeddedMariaDb db, String sql) throws Exception {
        try (Connection c = jdbc(db, ""); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static long count(EmbeddedMariaDb db, String sql) {
        try (Connection c = jdbc(db, DB); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            return -1; // table not replicated yet
        }
    }
}
