package io.teamtalkj.dbproxy;

import static io.teamtalkj.dbproxy.MsgFixtures.unread;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.teamtalkj.dbproxy.storage.RedisKeys;
import io.teamtalkj.dbproxy.testing.EmbeddedStorage;
import io.teamtalkj.embedded.EmbeddedRedis;
import io.teamtalkj.embedded.EmbeddedRedisCluster;
import io.teamtalkj.testing.PduTestClient;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The dbproxy on a real Redis Cluster (3 masters, 3 replicas): one-to-one and group messages,
 * unread counts and read acks work across slots (scripts and pipelines), and when the master
 * holding a user's unread hash is killed and its replica promoted, no acknowledged message is
 * lost, msg_ids stay unique and increasing, and unread counts come back equal to MySQL's.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class RedisClusterIT {
    private static EmbeddedRedisCluster cluster;
    private static DbProxyConfig config;
    private static DbProxyServer server;
    private static PduTestClient client;

    @BeforeAll
    static void start() throws Exception {
        cluster = EmbeddedRedisCluster.start(3, 1);
        config = EmbeddedStorage.freshConfig();
        config.redisUrl = cluster.url();
        server = DbProxyServer.start(config);
        client = PduTestClient.connect(server.port());
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void messagesUnreadAndReadAcksSurviveAMasterFailover() throws Exception {
        FailoverTraffic traffic = new FailoverTraffic(config, client);
        for (int round = 0; round < 3; round++) {
            traffic.sendRound();
        }
        // unread: the user's hash and its marker in one script (one slot), the group counter checked per slot
        traffic.assertUnreadMatchesMysql();
        assertThat(unread(client, FailoverTraffic.RECEIVER).getTotalCnt())
                .isEqualTo(3 * FailoverTraffic.SENDERS.length + 3);
        traffic.readAckFirstSender();

        // kill the master holding the receiver's unread hash; keep sending while its replica takes over
        EmbeddedRedis master = cluster.masterOf(RedisKeys.slot(RedisKeys.unread(FailoverTraffic.RECEIVER)));
        cluster.kill(master);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            traffic.sendRound();
            return cluster.isHealthy();
        });
        assertThat(cluster.masterOf(RedisKeys.slot(RedisKeys.unread(FailoverTraffic.RECEIVER)))).isNotSameAs(master);
        for (int round = 0; round < 2; round++) {
            traffic.sendRound();
        }

        traffic.assertNothingLostOrDoubled();
        // unread counts converge to MySQL's (the promoted replica has a new run id: rebuilt)
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(traffic::assertUnreadMatchesMysql);
    }
}
