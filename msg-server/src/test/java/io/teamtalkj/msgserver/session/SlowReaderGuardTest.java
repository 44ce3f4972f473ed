package io.teamtalkj.msgserver.session;

import io.teamtalkj.control.TierMetrics;
import static org.assertj.core.api.Assertions.assertThat;

import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import com.mogujie.tt.protobuf.IMBaseDefine.UserStatType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.teamtalkj.msgserver.MsgServerStats;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.pdu.PduEncoder;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A connection's output stays bounded: unwritable past the grace, or past the byte limit, means dropped. */
class SlowReaderGuardTest {
    private final MsgServerStats stats = new MsgServerStats(new TierMetrics());

    private EmbeddedChannel connection(Duration grace, long maxQueuedBytes) {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.freezeTime();
        ch.pipeline().addLast(PduEncoder.INSTANCE, new SlowReaderGuard(grace, maxQueuedBytes, stats));
        ClientSession.attach(ch).authenticated(5, ClientType.CLIENT_TYPE_WINDOWS, UserStatType.USER_STATUS_ONLINE);
        return ch;
    }

    private static void writable(EmbeddedChannel ch, boolean writable) {
        ch.unsafe().outboundBuffer().setUserDefinedWritability(1, writable);
        ch.runPendingTasks();
    }

    private static void advance(EmbeddedChannel ch, long millis) {
        ch.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
    }

    @Test
    void unwritableForTheWholeGraceIsDroppedOnce() {
        EmbeddedChannel ch = connection(Duration.ofMillis(100), 1 << 20);
        writable(ch, false);
        advance(ch, 60);
        assertThat(ch.isActive()).as("within the grace").isTrue();
        advance(ch, 60);
        assertThat(ch.isActive()).isFalse();
        assertThat(stats.slowReadersDropped.sum()).isEqualTo(1);
        assertThat(ClientSession.of(ch).send(Pdu.heartbeat())).isFalse();
        assertThat(stats.slowReadersDropped.sum()).isEqualTo(1);
    }

    @Test
    void aBurstTheClientCatchesUpWithinTheGraceIsFine() {
        EmbeddedChannel ch = connection(Duration.ofMillis(100), 1 << 20);
        writable(ch, false);
        advance(ch, 80);
        writable(ch, true);
        advance(ch, 500);
        writable(ch, false);
        advance(ch, 80);
        assertThat(ch.isActive()).isTrue();
        assertThat(stats.slowReadersDropped.sum()).isZero();
    }

    @Test
    void pastTheByteLimitTheConnectionIsDroppedEvenWithinTheGrace() {
        EmbeddedChannel ch = connection(Duration.ofMinutes(1), 64 * 1024);
        Pdu frame = Pdu.ofBody(CommandId.CID_MSG_DATA, 0, new byte[10_000]);
        int written = 0;
        while (ch.isActive() && written < 100) {
            ch.write(frame); // never flushed: a socket that takes nothing
            written++;
        }
        assertThat(written).as("6 frames fit in 64 KiB, the 7th does not").isEqualTo(7);
        assertThat(stats.slowReadersDropped.sum()).isEqualTo(1);
        ByteBuf leftover = ch.readOutbound();
        assertThat(leftover).as("what was queued is discarded with the connection").isNull();
    }

    @Test
    void framesEncodedOnceForManyConnectionsCountAgainstTheLimitToo() {
        EmbeddedChannel ch = connection(Duration.ofMinutes(1), 64 * 1024);
        ByteBuf shared = Unpooled.directBuffer().writeZero(10_000);
        int written = 0;
        while (ch.isActive() && written < 100) {
            ch.write(shared.retainedDuplicate());
            written++;
        }
        assertThat(written).isEqualTo(7);
        assertThat(stats.slowReadersDropped.sum()).isEqualTo(1);
        assertThat(ClientSession.of(ch).send(shared.retainedDuplicate())).as("nothing more is queued").isFalse();
        assertThat(shared.refCnt()).as("every duplicate the connection took was released").isEqualTo(1);
        shared.release();
    }
}
