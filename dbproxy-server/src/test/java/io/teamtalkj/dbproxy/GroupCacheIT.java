package io.teamtalkj.dbproxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.teamtalkj.dbproxy.storage.RedisHashes;
import io.teamtalkj.dbproxy.testing.DbProxyFixture;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.api.RedissonClient;

/**
 * The cache-write rules that keep Redis from going stale: a writer replaces a hash atomically,
 * a reader that rebuilt it from MySQL only fills it in if nobody wrote a newer copy meanwhile.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class GroupCacheIT {
    @RegisterExtension
    final DbProxyFixture db = new DbProxyFixture();

    private RedissonClient redis;

    @BeforeEach
    void useTheServersRedis() {
        redis = db.redis();
    }

    private Map<String, String> read(String key) {
        return redis.<String, String>getMap(key).readAllMap();
    }

    @Test
    void readerDoesNotOverwriteAWritersNewerHash() {
        RedisHashes.replace(redis, "group_member_1", Map.of("1", "100", "3", "200")); // writer, after commit
        boolean written = RedisHashes.putAllIfAbsent(redis, "group_member_1", Map.of("1", "100", "2", "100")); // late reader
        assertThat(written).isFalse();
        assertThat(read("group_member_1")).isEqualTo(Map.of("1", "100", "3", "200"));

        assertThat(RedisHashes.putAllIfAbsent(redis, "group_member_2", Map.of("5", "1"))).isTrue();
        assertThat(read("group_member_2")).isEqualTo(Map.of("5", "1"));
    }

    @Test
    void replaceDropsFieldsThatAreGoneAndAnEmptyReplaceDeletes() {
        redis.<String, String>getMap("group_member_3").putAll(Map.of("1", "1", "2", "1"));
        RedisHashes.replace(redis, "group_member_3", Map.of("2", "5"));
        assertThat(read("group_member_3")).isEqualTo(Map.of("2", "5"));
        RedisHashes.replace(redis, "group_member_3", Map.of());
        assertThat(redis.getMap("group_member_3").isExists()).isFalse();
    }

    @Test
    void replaceUnlessFieldTakesOverHashesWithoutTheMarkerOnly() {
        // a hash TeamTalk wrote (no marker) is taken over
        redis.<String, String>getMap("group_set_1").put("2_1", "1");
        assertThat(RedisHashes.replaceUnlessField(redis, "group_set_1", "0_1", Map.of("0_1", "0", "3_1", "1"))).isTrue();
        assertThat(read("group_set_1")).isEqualTo(Map.of("0_1", "0", "3_1", "1"));
        // one of ours is left alone
        assertThat(RedisHashes.replaceUnlessField(redis, "group_set_1", "0_1", Map.of("0_1", "0"))).isFalse();
        assertThat(read("group_set_1")).containsEntry("3_1", "1");
    }

    @Test
    void largeHashesAreWrittenWhole() {
        Map<String, String> many = new HashMap<>();
        for (int i = 1; i <= 20_000; i++) {
            many.put(Integer.toString(i), "1");
        }
        RedisHashes.replace(redis, "group_member_9", many);
        assertThat(redis.getMap("group_member_9").size()).isEqualTo(20_000);
    }
}
