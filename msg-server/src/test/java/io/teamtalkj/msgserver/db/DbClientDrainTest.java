package io.teamtalkj.msgserver.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mogujie.tt.protobuf.IMServer.IMStopReceivePacket;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.teamtalkj.net.EventLoops;
import io.teamtalkj.net.PduLink;
import io.teamtalkj.net.PduPipelines;
import io.teamtalkj.net.PduServer;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Conversations;
import io.teamtalkj.pdu.InternalCommandId;
import io.teamtalkj.pdu.Pdu;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The msg-server's side of a dbproxy drain, against two fake dbproxies that answer only when told:
 * the draining link is acked (0x0810), its conversations move to the other link, and not before
 * the calls still in flight on the draining link are answered, in the order they were made.
 */
@Timeout(30)
class DbClientDrainTest {
    private static final int CMD = CommandId.CID_MSG_DATA;

    private final EventLoopGroup loops = EventLoops.newGroup("drain-test", 2);
    private final FakeDbProxy first = new FakeDbProxy();
    private final FakeDbProxy second = new FakeDbProxy();
    private DbClient db;

    /** Records every frame but heartbeats; replies only when the test says so, echoing the body (and its correlation). */
    private final class FakeDbProxy extends SimpleChannelInboundHandler<Pdu> {
        final BlockingQueue<Pdu> received = new LinkedBlockingQueue<>();
        final PduServer server;
        volatile Channel channel;

        FakeDbProxy() {
            try {
                server = PduServer.start("fake-dbproxy", "127.0.0.1", 0, loops, p -> {
                    PduPipelines.addCodec(p, 1 << 20);
                    p.addLast(this);
                });
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public boolean isSharable() {
            return true;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            channel = ctx.channel();
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Pdu pdu) {
            if (pdu.commandId() != CommandId.CID_OTHER_HEARTBEAT) {
                received.add(pdu);
            }
        }

        Pdu next() throws InterruptedException {
            Pdu pdu = received.poll(5, TimeUnit.SECONDS);
            assertThat(pdu).as("a frame arrives").isNotNull();
            return pdu;
        }

        void answer(Pdu request) {
            channel.writeAndFlush(Pdu.ofBody(request.commandId(), request.seq(), request.body()));
        }

        InetSocketAddress address() {
            return InetSocketAddress.createUnresolved("127.0.0.1", server.port());
        }
    }

    @AfterEach
    void stop() {
        if (db != null) {
            db.close();
        }
        first.server.close();
        second.server.close();
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    private static long keyServedBy(int index, long skip) {
        return LongStream.range(1, 1000).map(u -> Conversations.pair(1, (int) u))
                .filter(k -> Conversations.serverIndex(k, 2) == index).skip(skip).findFirst().orElseThrow();
    }

    private static byte[] body(int n) {
        return new byte[] {0x08, (byte) n}; // field 1 = n: tells the calls apart
    }

    @Test
    void aDrainingLinkIsAckedAndItsConversationsMoveOnceItsCallsInFlightAreAnswered() throws Exception {
        db = new DbClient("test", List.of(first.address(), second.address()), loops, PduLink.Settings.DEFAULT,
                Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(5)).until(() -> db.upCount() == 2 && second.channel != null);
        long moving = keyServedBy(1, 0);

        CompletableFuture<Pdu> before = db.call(CMD, body(1), moving);
        Pdu inFlight = second.next();
        second.channel.writeAndFlush(Pdu.push(CommandId.CID_OTHER_STOP_RECV_PACKET,
                IMStopReceivePacket.newBuilder().setResult(0).build()));
        assertThat(second.next().commandId()).as("the msg-server acks the stop").isEqualTo(InternalCommandId.CID_INTERNAL_DRAIN_ACK);
        await().atMost(Duration.ofSeconds(5)).until(() -> db.upCount() == 1);

        CompletableFuture<Pdu> after1 = db.call(CMD, body(2), moving);
        CompletableFuture<Pdu> after2 = db.call(CMD, body(3), moving);
        assertThat(first.received.poll(300, TimeUnit.MILLISECONDS))
                .as("held while the draining link still has a call in flight").isNull();
        assertThat(second.received.poll(100, TimeUnit.MILLISECONDS)).as("nothing new on the draining link").isNull();

        second.answer(inFlight); // the reply still arrives on the draining link and is matched
        assertThat(before.get(5, TimeUnit.SECONDS).body()[1]).isEqualTo((byte) 1);
        Pdu moved1 = first.next();
        Pdu moved2 = first.next();
        assertThat(moved1.body()[1]).as("held calls go out in call order").isEqualTo((byte) 2);
        assertThat(moved2.body()[1]).isEqualTo((byte) 3);
        first.answer(moved1);
        first.answer(moved2);
        assertThat(after1.get(5, TimeUnit.SECONDS).body()[1]).isEqualTo((byte) 2);
        assertThat(after2.get(5, TimeUnit.SECONDS).body()[1]).isEqualTo((byte) 3);

        CompletableFuture<Pdu> later = db.call(CMD, body(4), moving);
        Pdu direct = first.next();
        first.answer(direct);
        assertThat(later.get(5, TimeUnit.SECONDS).body()[1]).as("settled: no more holding").isEqualTo((byte) 4);
        assertThat(db.inFlight()).isZero();
    }

    @Test
    void conversationsOfTheLinkThatStaysAreNeverHeld() throws Exception {
        db = new DbClient("test", List.of(first.address(), second.address()), loops, PduLink.Settings.DEFAULT,
                Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(5)).until(() -> db.upCount() == 2 && second.channel != null);
        CompletableFuture<Pdu> stuck = db.call(CMD, body(1), keyServedBy(1, 0));
        second.next();
        second.channel.writeAndFlush(Pdu.push(CommandId.CID_OTHER_STOP_RECV_PACKET,
                IMStopReceivePacket.newBuilder().setResult(0).build()));
        assertThat(second.next().commandId()).isEqualTo(InternalCommandId.CID_INTERNAL_DRAIN_ACK);

        CompletableFuture<Pdu> staying = db.call(CMD, body(2), keyServedBy(0, 0));
        Pdu request = first.next();
        first.answer(request);
        assertThat(staying.get(5, TimeUnit.SECONDS).body()[1]).isEqualTo((byte) 2);
        assertThat(stuck).isNotDone();
    }
}
