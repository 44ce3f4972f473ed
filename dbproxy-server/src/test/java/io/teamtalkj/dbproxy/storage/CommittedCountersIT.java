package io.teamtalkj.dbproxy.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.teamtalkj.embedded.EmbeddedRedis;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/** {@link CommittedCounters} against a real redis-server: what one script per batch writes. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class CommittedCountersIT {
    private static EmbeddedRedis server;
    private static RedissonClient redis;

    @BeforeAll
    static void start() throws Exception {
        server = EmbeddedRedis.start(0);
        redis = Storage.openRedis(server.url(), 1);
    }

    @AfterAll
    static void stop() {
        if (redis != null) {
            redis.shutdown();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void incrementsHashFieldsAndCountersOfABatchInOneGo() {
        redis.getMap("cc:unread:7", StringCodec.INSTANCE).put("3", "5");
        CommittedCounters writes = new CommittedCounters();
        writes.increment("cc:unread:7", "3");
        writes.increment("cc:unread:7", "3");
        writes.increment("cc:unread:7", "4");
        writes.increment("cc:unread:8", "3");
        writes.putField("cc:group:9", RedisKeys.COUNT_FIELD, "41");
        writes.putField("cc:group:9", RedisKeys.COUNT_FIELD, "42");
        writes.set("cc:msgid:3-7", "17");

        writes.apply(redis);

        assertThat(redis.<String, String>getMap("cc:unread:7", StringCodec.INSTANCE).readAllMap())
                .isEqualTo(Map.of("3", "7", "4", "1"));
        assertThat(redis.<String, String>getMap("cc:unread:8", StringCodec.INSTANCE).readAllMap())
                .isEqualTo(Map.of("3", "1"));
        assertThat(redis.<String, String>getMap("cc:group:9", StringCodec.INSTANCE).get(RedisKeys.COUNT_FIELD))
                .as("the later write of the batch wins").isEqualTo("42");
        assertThat(redis.<String>getBucket("cc:msgid:3-7", StringCodec.INSTANCE).get()).isEqualTo("17");
    }

    @Test
    void aFailedScriptIsReportedToTheCaller() {
        redis.getBucket("cc:not-a-hash", StringCodec.INSTANCE).set("x");
        CommittedCounters writes = new CommittedCounters();
        writes.increment("cc:not-a-hash", "1");

        assertThatThrownBy(() -> writes.apply(redis)).as("WRONGTYPE: the caller hands the users to the healer")
                .isInstanceOf(RuntimeException.class);
    }
}
