package io.teamtalkj.dbproxy.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DatabaseAvailabilityTest {
    private final AtomicBoolean reachable = new AtomicBoolean(true);
    private final AtomicInteger probes = new AtomicInteger();
    private final DatabaseAvailability availability = new DatabaseAvailability(() -> {
        probes.incrementAndGet();
        if (!reachable.get()) {
            throw new SQLNonTransientConnectionException("Connection refused", "08001", new ConnectException("refused"));
        }
    }, Duration.ofMillis(20));

    private static SQLException connectionLost() {
        return new SQLNonTransientConnectionException("Communications link failure", "08S01");
    }

    @Test
    void aBrokenConnectionWhileTheDatabaseAnswersRefusesNothing() throws Exception {
        availability.suspect(connectionLost());
        await().atMost(Duration.ofSeconds(10)).until(() -> probes.get() == 1);
        availability.check();
        assertThat(availability.isDown()).isFalse();
        assertThat(availability.downs()).isZero();
        availability.close();
    }

    @Test
    void aRequestRightAfterAFailureWaitsForTheRunningProbeInsteadOfTheConnectionPool() throws Exception {
        CountDownLatch probeStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        DatabaseAvailability slow = new DatabaseAvailability(() -> {
            probeStarted.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new SQLNonTransientConnectionException("Connection refused", "08001");
        }, Duration.ofSeconds(10), Duration.ofSeconds(20));
        slow.suspect(connectionLost());
        assertThat(probeStarted.await(10, TimeUnit.SECONDS)).isTrue();
        CountDownLatch entered = new CountDownLatch(1);
        CompletableFuture<Void> request = CompletableFuture.runAsync(() -> {
            try {
                entered.countDown();
                slow.check();
            } catch (SQLException e) {
                throw new CompletionException(e);
            }
        });
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        await("waits for the probe's outcome").during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
                .until(() -> !request.isDone());
        release.countDown();
        assertThatThrownBy(() -> request.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(SQLTransientConnectionException.class)
                .hasMessageContaining("database unavailable");
        slow.close();
    }

    @Test
    void otherErrorsAreNotProbed() throws Exception {
        availability.suspect(new SQLException("Duplicate entry", "23000", 1062));
        availability.suspect(new IllegalStateException("bug"));
        availability.check();
        assertThat(probes.get()).isZero();
        availability.close();
    }

    @Test
    void anUnreachableDatabaseIsRefusedAtOnceUntilAProbeGetsThrough() throws Exception {
        reachable.set(false);
        availability.suspect(connectionLost());
        await().atMost(Duration.ofSeconds(10)).until(availability::isDown);
        assertThatThrownBy(availability::check).isInstanceOf(SQLTransientConnectionException.class)
                .hasMessageStartingWith("database unavailable").satisfies(e -> assertThat(SqlErrors.isConnectionLost(e)).isTrue());
        assertThatThrownBy(availability::check).isInstanceOf(SQLTransientConnectionException.class);
        assertThat(availability.refused()).isEqualTo(2);
        await("probed again while down").atMost(Duration.ofSeconds(10)).until(() -> probes.get() >= 3);
        assertThat(availability.downs()).as("one transition, however many probes fail").isEqualTo(1);

        reachable.set(true);
        await().atMost(Duration.ofSeconds(10)).until(() -> !availability.isDown());
        availability.check();
        assertThat(availability.ups()).isEqualTo(1);
        int after = probes.get();
        await().pollDelay(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertThat(probes.get()).as("no probing while up").isEqualTo(after);
        availability.close();
    }
}
