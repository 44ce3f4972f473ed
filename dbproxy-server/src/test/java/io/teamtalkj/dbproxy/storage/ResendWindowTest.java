package io.teamtalkj.dbproxy.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ResendWindowTest {
    private final AtomicLong clock = new AtomicLong();
    private final ResendWindow window = new ResendWindow(Duration.ofSeconds(10), 3, clock::get);

    private static ResendWindow.Key key(int from, int to, String text) {
        return ResendWindow.Key.of(from, false, to, 1, ByteString.copyFromUtf8(text));
    }

    @Test
    void theSameMessageWithinTheWindowIsFoundThenForgotten() {
        window.remember(key(1, 2, "hi"), 7);
        assertThat(window.find(key(1, 2, "hi"))).isEqualTo(7);
        assertThat(window.find(key(1, 2, "hi!"))).as("other content").isZero();
        assertThat(window.find(key(2, 1, "hi"))).as("other sender").isZero();
        assertThat(window.find(ResendWindow.Key.of(1, true, 2, 1, ByteString.copyFromUtf8("hi")))).as("group 2").isZero();
        clock.addAndGet(TimeUnit.SECONDS.toNanos(10));
        assertThat(window.find(key(1, 2, "hi"))).as("window over").isZero();
        assertThat(window.size()).isZero();
    }

    @Test
    void itHoldsAtMostItsBoundOldestForgottenFirst() {
        for (int i = 1; i <= 4; i++) {
            window.remember(key(1, 2, "m" + i), i);
        }
        assertThat(window.size()).isEqualTo(3);
        assertThat(window.find(key(1, 2, "m1"))).isZero();
        assertThat(window.find(key(1, 2, "m4"))).isEqualTo(4);
    }

    @Test
    void aZeroWindowRemembersNothing() {
        ResendWindow off = new ResendWindow(Duration.ZERO, 3, clock::get);
        off.remember(key(1, 2, "hi"), 7);
        assertThat(off.enabled()).isFalse();
        assertThat(off.find(key(1, 2, "hi"))).isZero();
        assertThat(off.size()).isZero();
    }
}
