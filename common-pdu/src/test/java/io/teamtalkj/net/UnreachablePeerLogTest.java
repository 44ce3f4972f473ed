package io.teamtalkj.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The warn-once-then-back-off log of an unreachable peer, on a fake clock. */
class UnreachablePeerLogTest {
    private long nanos = 1_000_000_000L;
    private final List<String> lines = new ArrayList<>();
    private final UnreachablePeerLog log = new UnreachablePeerLog("ms: link to db:10600", Duration.ofSeconds(5),
            Duration.ofMinutes(5), () -> nanos, new UnreachablePeerLog.Sink() {
                @Override
                public void warn(String message) {
                    lines.add("WARN " + message);
                }

                @Override
                public void info(String message) {
                    lines.add("INFO " + message);
                }
            });

    private void advance(Duration d) {
        nanos += d.toNanos();
    }

    /** Failed attempts every {@code step} for {@code total}. */
    private void failFor(Duration total, Duration step) {
        for (long t = 0; t < total.toNanos(); t += step.toNanos()) {
            log.down("Connection refused");
            advance(step);
        }
    }

    @Test
    void aShortOutageLogsNothing() {
        failFor(Duration.ofSeconds(4), Duration.ofMillis(500));

        assertThat(log.up()).isFalse();
        assertThat(lines).isEmpty();
    }

    @Test
    void warnsOnceAfterAFewSecondsThenAtMostEveryFewMinutes() {
        failFor(Duration.ofSeconds(6), Duration.ofSeconds(1));
        assertThat(lines).containsExactly(
                "WARN ms: link to db:10600 unreachable for 5 s (Connection refused); still retrying");

        failFor(Duration.ofMinutes(4), Duration.ofSeconds(1));
        assertThat(lines).as("no repeat within five minutes, however often it retries").hasSize(1);

        failFor(Duration.ofMinutes(2), Duration.ofSeconds(1));
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).startsWith("WARN ms: link to db:10600 unreachable for 305 s");
    }

    @Test
    void backAfterAWarningIsOneInfoLine() {
        failFor(Duration.ofSeconds(10), Duration.ofSeconds(1));

        assertThat(log.up()).isTrue();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).isEqualTo("INFO ms: link to db:10600 up again after 10 s unreachable");
        assertThat(log.up()).as("already up: nothing more").isFalse();
        assertThat(lines).hasSize(2);
    }

    @Test
    void aNewOutageStartsTheCountAgain() {
        failFor(Duration.ofSeconds(10), Duration.ofSeconds(1));
        log.up();
        lines.clear();

        log.down("link closed");
        advance(Duration.ofSeconds(3));
        log.down("Connection refused");
        assertThat(lines).as("3 s into the new outage").isEmpty();
        advance(Duration.ofSeconds(3));
        log.down("Connection refused");
        assertThat(lines).containsExactly(
                "WARN ms: link to db:10600 unreachable for 6 s (Connection refused); still retrying");
    }
}
