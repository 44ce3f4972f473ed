package io.teamtalkj.dbproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.teamtalkj.dbproxy.testing.EmbeddedStorage;
import io.teamtalkj.embedded.EmbeddedRedis;
import io.teamtalkj.embedded.EmbeddedRedisSentinel;
import io.teamtalkj.testing.PduTestClient;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The dbproxy on Redis with Sentinel (a master, one replica, three Sentinels): when the master is
 * killed and the Sentinels promote the replica, the dbproxy follows it; no acknowledged message
 * is lost, msg_ids stay unique and increasing, and unread counts come back equal to MySQL's.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class RedisSentinelIT {
    private static EmbeddedRedisSentinel redis;
    private static DbProxyConfig config;
    private static DbProxyServer server;
    private static PduTestClient client;

    @BeforeAll
    static void start() throws Exception {
        redis = EmbeddedRedisSentinel.start(1);
        config = EmbeddedStorage.freshConfig();
        config.redisUrl = redis.url();
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
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void aSentinelFailoverLosesNoAcknowledgedMessage() throws Exception {
        FailoverTraffic traffic = new FailoverTraffic(config, client);
        for (int round = 0; round < 3; round++) {
            traffic.sendRound();
        }
        traffic.assertUnreadMatchesMysql();
        traffic.readAckFirstSender();

        EmbeddedRedis master = redis.master();
        redis.kill(master);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            traffic.sendRound();
            return redis.isFailedOver(master);
        });
        assertThat(redis.master()).isNotSameAs(master);
        // the dbproxy reaches the new master: stores after the failover update Redis again
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
            traffic.sendRound();
            assertThat(server.context().storage().redisAlive()).isTrue();
            assertThat(server.context().storage().unreadHealer().pending()).isZero();
        });

        traffic.assertNothingLostOrDoubled();
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(traffic::assertUnreadMatchesMysql);
    }
}
