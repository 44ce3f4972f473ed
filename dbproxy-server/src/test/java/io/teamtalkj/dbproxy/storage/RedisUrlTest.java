package io.teamtalkj.dbproxy.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.teamtalkj.dbproxy.DbProxyConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisUrlTest {
    @Test
    void singleServerWithPasswordAndDatabase() {
        RedisUrl u = RedisUrl.parse("redis://:s3cret@cache.example:6380/2");
        assertThat(u.mode()).isEqualTo(RedisUrl.Mode.SINGLE);
        assertThat(u.tls()).isFalse();
        assertThat(u.password()).isEqualTo("s3cret");
        assertThat(u.username()).isNull();
        assertThat(u.database()).isEqualTo(2);
        assertThat(u.addresses()).containsExactly("redis://cache.example:6380");
    }

    @Test
    void defaultsAndTlsAndUserName() {
        RedisUrl u = RedisUrl.parse("rediss://app:p%40ss@cache.example");
        assertThat(u.tls()).isTrue();
        assertThat(u.username()).isEqualTo("app");
        assertThat(u.password()).isEqualTo("p@ss");
        assertThat(u.addresses()).containsExactly("rediss://cache.example:6379");
    }

    @Test
    void sentinelNamesTheMasterAndItsSentinels() {
        RedisUrl u = RedisUrl.parse("redis-sentinel://:pw@mymaster@s1:26380,s2,10.0.0.3:26381/1");
        assertThat(u.mode()).isEqualTo(RedisUrl.Mode.SENTINEL);
        assertThat(u.masterName()).isEqualTo("mymaster");
        assertThat(u.password()).isEqualTo("pw");
        assertThat(u.nodes()).isEqualTo(List.of("s1:26380", "s2:26379", "10.0.0.3:26381"));
        assertThat(u.database()).isEqualTo(1);
        assertThat(RedisUrl.parse("rediss-sentinel://m@s1:1").tls()).isTrue();
        assertThat(RedisUrl.parse("redis-sentinel://m@s1:1").password()).isNull();
    }

    @Test
    void clusterListsSeedNodes() {
        RedisUrl u = RedisUrl.parse("redis-cluster://n1:7000,n2:7001, [::1]:7002");
        assertThat(u.mode()).isEqualTo(RedisUrl.Mode.CLUSTER);
        assertThat(u.addresses()).containsExactly("redis://n1:7000", "redis://n2:7001", "redis://[::1]:7002");
        assertThat(RedisUrl.parse("rediss-cluster://:pw@n1:7000").addresses()).containsExactly("rediss://n1:7000");
    }

    @Test
    void badUrlsSayWhatIsWrongWithoutThePassword() {
        assertBad("http://h:1", "unknown scheme http://");
        assertBad("h:6379", "no scheme");
        assertBad("redis://h1:1,h2:2", "several hosts need redis-sentinel:// or redis-cluster://");
        assertBad("redis-cluster://h1:1/3", "only database 0");
        assertBad("redis-sentinel://h1:26379", "master@host:port");
        assertBad("redis-sentinel://@h1:26379", "master name");
        assertBad("redis://h:port", "port of h is not a number");
        assertBad("redis://h:70000", "1..65535");
        assertBad("redis-cluster://h1:1,,h2:2", "empty host");
        assertBad("redis://h:1/x", "database after / must be a number");
        assertBad("redis://", "no host");
        assertThatThrownBy(() -> RedisUrl.parse("redis-cluster://:topsecret@h1:x"))
                .hasMessageNotContaining("topsecret").hasMessageContaining("***");
    }

    @Test
    void dbProxyConfigValidatesTheUrl() {
        DbProxyConfig c = new DbProxyConfig();
        c.redisUrl = "redis-cluster://h1:7000,h2:7001";
        c.validate();
        c.redisUrl = "redis-cluster://h1:7000/1";
        assertThatThrownBy(c::validate).hasMessageContaining("only database 0");
    }

    private static void assertBad(String url, String why) {
        assertThatThrownBy(() -> RedisUrl.parse(url)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--redis-url").hasMessageContaining(why);
    }
}
