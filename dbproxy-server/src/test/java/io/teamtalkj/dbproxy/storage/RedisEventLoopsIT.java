package io.teamtalkj.dbproxy.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.teamtalkj.dbproxy.DbProxyConfig;
import io.teamtalkj.dbproxy.testing.EmbeddedStorage;
import io.teamtalkj.net.EventLoops;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.redisson.api.RedissonClient;
import org.redisson.config.TransportMode;

/** Redisson runs on native epoll where our servers do, with one event loop per core, and works so. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class RedisEventLoopsIT {
    @Test
    void theRedisClientUsesOurTransportAndOneLoopPerCore() throws Exception {
        DbProxyConfig cfg = EmbeddedStorage.freshConfig();
        RedissonClient redis = Storage.openRedis(cfg.redisUrl, 4);
        try {
            assertThat(redis.getConfig().getTransportMode()).isEqualTo(EventLoops.epoll() ? TransportMode.EPOLL : TransportMode.NIO);
            assertThat(redis.getConfig().getNettyThreads())
                    .isEqualTo(Storage.redisEventLoops(Runtime.getRuntime().availableProcessors()));
            redis.<String, String>getMap("loops-check").fastPut("f", "1");
            assertThat(redis.<String, String>getMap("loops-check").get("f")).isEqualTo("1");
        } finally {
            redis.shutdown();
        }
    }

    @Test
    void atLeastTwoLoopsAndNeverMoreThanRedissonsDefault() {
        assertThat(Storage.redisEventLoops(1)).isEqualTo(2);
        assertThat(Storage.redisEventLoops(8)).isEqualTo(8);
        assertThat(Storage.redisEventLoops(96)).isEqualTo(32);
    }
}
