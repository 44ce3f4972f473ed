package io.teamtalkj.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.teamtalkj.control.proto.ServingStatus;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CachedCheckTest {
    @Test
    void probesAtMostOncePerMaxAge() {
        AtomicInteger probes = new AtomicInteger();
        try (CachedCheck check = new CachedCheck("mysql", Duration.ofMinutes(1), Duration.ofSeconds(5),
                () -> TierHealthService.component("mysql", true, "probe " + probes.incrementAndGet()))) {
            assertThat(check.get().getDetail()).isEqualTo("probe 1");
            assertThat(check.get().getDetail()).isEqualTo("probe 1");
            assertThat(probes).hasValue(1);
        }
    }

    @Test
    void aHangingProbeIsNotServingWithinMaxWait() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        try (CachedCheck check = new CachedCheck("redis", Duration.ZERO, Duration.ofMillis(100), () -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return TierHealthService.component("redis", true, "");
        })) {
            long start = System.nanoTime();
            var health = check.get();
            assertThat(health.getStatus()).isEqualTo(ServingStatus.NOT_SERVING);
            assertThat(health.getDetail()).isEqualTo("no answer within 100 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            release.countDown();
        }
    }

    @Test
    void aThrowingProbeIsNotServing() {
        try (CachedCheck check = new CachedCheck("mysql", Duration.ZERO, Duration.ofSeconds(5), () -> {
            throw new IllegalStateException("pool closed");
        })) {
            assertThat(check.get().getStatus()).isEqualTo(ServingStatus.NOT_SERVING);
            assertThat(check.get().getDetail()).contains("pool closed");
        }
    }
}
