package io.teamtalkj.dbproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.teamtalkj.dbproxy.storage.Storage;
import io.teamtalkj.dbproxy.storage.StorageException;
import io.teamtalkj.dbproxy.testing.TlsTerminator;
import io.teamtalkj.embedded.EmbeddedRedis;
import io.teamtalkj.net.TlsConfig;
import io.teamtalkj.testing.TestCerts;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.redisson.api.RedissonClient;

/**
 * {@code rediss://} with a CA file: Redisson verifies Redis' certificate against --redis-tls-ca.
 * The embedded redis-server has no TLS, so a TLS front (as stunnel) stands before it.
 */
@Timeout(120)
class RedisTlsIT {
    @TempDir
    static Path dir;
    static TestCerts.Authority ca;
    static EmbeddedRedis redis;
    static TlsTerminator front;

    @BeforeAll
    static void start() throws Exception {
        ca = TestCerts.authority(dir, "redis-ca");
        TestCerts.Identity server = ca.issue("redis");
        redis = EmbeddedRedis.start(0);
        front = new TlsTerminator(TlsConfig.of(new TlsConfig.Pem("cert", server.cert()), new TlsConfig.Pem("key", server.key()),
                null), redis.port());
    }

    @AfterAll
    static void stop() throws Exception {
        if (front != null) {
            front.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void redissWithTheCaFileReadsAndWritesThroughTls() {
        TlsConfig trust = TlsConfig.of(null, null, new TlsConfig.Pem("--redis-tls-ca", ca.ca()));
        RedissonClient client = Storage.openRedis("rediss://127.0.0.1:" + front.port(), 2, trust);
        try {
            client.<String>getBucket("tls-probe").set("over tls");
            assertThat(client.<String>getBucket("tls-probe").get()).isEqualTo("over tls");
        } finally {
            client.shutdown();
        }
        assertThat(front.handshakes()).isPositive();
        // and it really went to the plain redis-server behind the front
        RedissonClient plain = Storage.openRedis(redis.url(), 1);
        try {
            assertThat(plain.<String>getBucket("tls-probe").get()).isEqualTo("over tls");
        } finally {
            plain.shutdown();
        }
    }

    @Test
    void redissRefusesAServerTheCaDidNotSign() throws Exception {
        Path otherCa = TestCerts.authority(dir, "other-ca").ca();
        TlsConfig trust = TlsConfig.of(null, null, new TlsConfig.Pem("--redis-tls-ca", otherCa));
        assertThatThrownBy(() -> Storage.openRedis("rediss://127.0.0.1:" + front.port(), 1, trust).shutdown())
                .isInstanceOf(StorageException.class).hasMessageContaining("cannot connect to Redis at rediss://127.0.0.1:");
    }

    @Test
    void tlsFilesWithAPlainRedisUrlAreRefused() {
        DbProxyConfig cfg = new DbProxyConfig();
        cfg.redisTls = TlsConfig.of(null, null, new TlsConfig.Pem("--redis-tls-ca", ca.ca()));
        assertThatThrownBy(cfg::validate).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--redis-url is not rediss://");
    }
}
