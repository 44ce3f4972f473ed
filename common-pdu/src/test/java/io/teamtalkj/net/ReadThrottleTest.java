package io.teamtalkj.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Feeders stop reading while any watched link is full, and read again once all drained or closed. */
class ReadThrottleTest {
    private final List<Channel> feeders = new CopyOnWriteArrayList<>();
    private final ReadThrottle throttle = new ReadThrottle("test", () -> feeders);

    private EmbeddedChannel link() {
        return new EmbeddedChannel(throttle.watcher());
    }

    private EmbeddedChannel feeder() {
        EmbeddedChannel ch = new EmbeddedChannel();
        feeders.add(ch);
        throttle.apply(ch);
        ch.runPendingTasks();
        return ch;
    }

    private void full(EmbeddedChannel link, boolean full) {
        link.unsafe().outboundBuffer().setUserDefinedWritability(1, !full);
        link.runPendingTasks();
        feeders.forEach(f -> ((EmbeddedChannel) f).runPendingTasks());
    }

    private static boolean reading(Channel ch) {
        return ch.config().isAutoRead();
    }

    @Test
    void feedersPauseWhileAnyLinkIsFull() {
        EmbeddedChannel db = link();
        EmbeddedChannel route = link();
        EmbeddedChannel a = feeder();
        EmbeddedChannel b = feeder();
        assertThat(reading(a) && reading(b)).isTrue();

        full(db, true);
        assertThat(reading(a) || reading(b)).as("paused").isFalse();
        EmbeddedChannel late = feeder();
        assertThat(reading(late)).as("a feeder added while paused starts paused").isFalse();
        full(route, true);
        full(db, false);
        assertThat(reading(a)).as("the route link is still full").isFalse();
        full(route, false);
        assertThat(reading(a) && reading(b) && reading(late)).isTrue();
        assertThat(throttle.pauses()).isEqualTo(2);
    }

    @Test
    void aFullLinkThatClosesHoldsNobodyUp() {
        EmbeddedChannel db = link();
        EmbeddedChannel a = feeder();
        full(db, true);
        assertThat(reading(a)).isFalse();
        db.close();
        a.runPendingTasks();
        assertThat(reading(a)).isTrue();
    }

    @Test
    void afterStopNothingTurnsReadingBackOn() {
        EmbeddedChannel db = link();
        EmbeddedChannel a = feeder();
        full(db, true);
        throttle.stop();
        full(db, false);
        assertThat(reading(a)).isFalse();
    }

    @Test
    void aServerLinkReadsOnlyWhileItCanWriteItsAnswers() {
        EmbeddedChannel link = new EmbeddedChannel(ReadWhileWritable.INSTANCE);
        link.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        link.runPendingTasks();
        assertThat(reading(link)).isFalse();
        link.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
        link.runPendingTasks();
        assertThat(reading(link)).isTrue();
    }
}
