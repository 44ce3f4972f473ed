package io.teamtalkj.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class IntervalLogTest {
    private final List<String> lines = new ArrayList<>();
    private final AtomicLong clock = new AtomicLong(1_000);
    private final IntervalLog log = new IntervalLog(lines::add, Duration.ofSeconds(10), clock::get);

    private void advanceSeconds(long s) {
        clock.addAndGet(TimeUnit.SECONDS.toNanos(s));
    }

    @Test
    void theFirstOccurrenceIsLoggedAtOnceThenOneLinePerIntervalWithTheCount() {
        log.hit("dbproxy unavailable", "user 1");
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).startsWith("dbproxy unavailable: 1 time (latest: user 1)");

        for (int i = 2; i <= 500; i++) {
            log.hit("dbproxy unavailable", "user " + i);
            advanceSeconds(i % 50 == 0 ? 1 : 0);
        }
        assertThat(lines).as("still within 10 s of the first line").hasSize(1);
        assertThat(log.unreported("dbproxy unavailable")).isEqualTo(499);

        log.hit("dbproxy unavailable", "user 501"); // the loop moved the clock 10 s on
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).isEqualTo("dbproxy unavailable: 500 times in the last 10 s (latest: user 501)");
        assertThat(log.unreported("dbproxy unavailable")).isZero();
    }

    @Test
    void conditionsAreCountedApart() {
        log.hit("a", 1);
        log.hit("b", 2);
        log.hit("a", 3);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).startsWith("b: 1 time (latest: 2)");
        assertThat(log.unreported("a")).isEqualTo(1);
        assertThat(log.unreported("never")).isZero();
    }

    @Test
    void aConditionThatStopsWritesNothingMore() {
        log.hit("a", 1);
        advanceSeconds(60);
        assertThat(lines).hasSize(1);
        log.hit("a", 2);
        assertThat(lines.get(1)).isEqualTo("a: 1 time in the last 60 s (latest: 2)");
    }
}
