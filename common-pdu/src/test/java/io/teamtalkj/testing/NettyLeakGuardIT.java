package io.teamtalkj.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The guard every IT runs under notices a buffer that was never released, and only then. */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class NettyLeakGuardIT {

    @Test
    void runsWithParanoidDetection() {
        assertThat(NettyLeakGuard.installed()).isTrue();
        assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.PARANOID);
    }

    @Test
    void aReleasedBufferIsNoLeak() {
        ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(64);
        b.writeLong(42);
        b.release();
        new NettyLeakGuard().afterAll(null);
    }

    @Test
    void aDroppedBufferFailsTheClass() {
        leakOne();
        assertThatThrownBy(() -> new NettyLeakGuard().afterAll(null))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("1 Netty LEAK report(s)")
                .hasMessageContaining("NettyLeakGuardIT.leakOne");
        // the reports were taken: the guard of this class itself finds none
        assertThat(NettyLeakGuard.collectLeaks()).isEmpty();
    }

    private static void leakOne() {
        ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(64);
        b.writeLong(7); // touched, never released
    }
}
