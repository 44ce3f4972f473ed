package io.teamtalkj.net;

import static io.teamtalkj.testing.Frames.buf;
import static io.teamtalkj.testing.Frames.drain;
import static io.teamtalkj.testing.Frames.frame;
import static io.teamtalkj.testing.Frames.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.pdu.PduDecoder;
import io.teamtalkj.pdu.PduEncoder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link HeartbeatEchoHandler} (client connections) and {@link LinkHeartbeatHandler} (server links). */
class HeartbeatHandlersTest {

    // ---- HeartbeatEchoHandler -----------------------------------------------------------------

    @Test
    void echoHandlerSendsTheHeartbeatBackWithTheSameSeq() {
        EmbeddedChannel ch = new EmbeddedChannel(new PduDecoder(), PduEncoder.INSTANCE, HeartbeatEchoHandler.INSTANCE);

        ch.writeInbound(buf(hex("00 00 00 10 00 01 00 00 00 07 07 01 12 34 00 00")));

        assertThat(drain(ch.readOutbound())).containsExactly(hex("00 00 00 10 00 01 00 00 00 07 07 01 12 34 00 00"));
        assertThat(ch.<Object>readOutbound()).isNull();
        assertThat(ch.<Object>readInbound()).as("the heartbeat is not passed on").isNull();
        assertThat(ch.isOpen()).isTrue();
        ch.finishAndReleaseAll();
    }

    @Test
    void echoHandlerEchoesAndroidsHeaderAsReceived() {
        EmbeddedChannel ch = new EmbeddedChannel(HeartbeatEchoHandler.INSTANCE);
        Pdu android = new Pdu(6, 0, 7, CommandId.CID_OTHER_HEARTBEAT, 0xbeef, 0x0030, null);

        ch.writeInbound(android);

        Pdu echoed = ch.readOutbound();
        assertThat(echoed.seq()).isEqualTo(0xbeef);
        assertThat(echoed.commandId()).isEqualTo(CommandId.CID_OTHER_HEARTBEAT);
        assertThat(echoed.body()).isEmpty();
        ch.finishAndReleaseAll();
    }

    @Test
    void echoHandlerPassesOtherPdusOnUntouched() {
        EmbeddedChannel ch = new EmbeddedChannel(HeartbeatEchoHandler.INSTANCE);
        Pdu timeReq = Pdu.ofBody(CommandId.CID_MSG_TIME_REQUEST, 5, null);
        Object notAPdu = "not a pdu";

        ch.writeInbound(timeReq, notAPdu);

        assertThat(ch.<Object>readInbound()).isSameAs(timeReq);
        assertThat(ch.<Object>readInbound()).isSameAs(notAPdu);
        assertThat(ch.<Object>readOutbound()).as("nothing echoed").isNull();
        ch.finishAndReleaseAll();
    }

    // ---- LinkHeartbeatHandler -----------------------------------------------------------------

    @Test
    void linkHandlerSwallowsTheHeartbeatsOfThePeer() {
        EmbeddedChannel ch = new EmbeddedChannel(new PduDecoder(), PduEncoder.INSTANCE, new LinkHeartbeatHandler());

        ch.writeInbound(buf(frame(CommandId.CID_OTHER_HEARTBEAT, 9, null)));

        assertThat(ch.<Object>readInbound()).isNull();
        assertThat(ch.<Object>readOutbound()).as("links do not echo, so two ends never ping-pong").isNull();
        assertThat(ch.isOpen()).isTrue();
        ch.finishAndReleaseAll();
    }

    @Test
    void linkHandlerPassesOtherPdusOn() {
        EmbeddedChannel ch = new EmbeddedChannel(new LinkHeartbeatHandler());
        Pdu other = Pdu.ofBody(CommandId.CID_OTHER_ROLE_SET, 1, new byte[] {8, 1});

        ch.writeInbound(other);

        assertThat(ch.<Object>readInbound()).isSameAs(other);
        ch.finishAndReleaseAll();
    }

    @Test
    void linkHandlerWritesAHeartbeatWhenWriterIdle() {
        EmbeddedChannel ch = new EmbeddedChannel(PduEncoder.INSTANCE, new LinkHeartbeatHandler());

        ch.pipeline().fireUserEventTriggered(IdleStateEvent.FIRST_WRITER_IDLE_STATE_EVENT);
        ch.pipeline().fireUserEventTriggered(IdleStateEvent.WRITER_IDLE_STATE_EVENT);

        assertThat(drain(ch.readOutbound())).containsExactly(hex("00 00 00 10 00 01 00 00 00 07 07 01 00 00 00 00"));
        assertThat(drain(ch.readOutbound())).containsExactly(hex("00 00 00 10 00 01 00 00 00 07 07 01 00 00 00 00"));
        assertThat(ch.isOpen()).isTrue();
        ch.finishAndReleaseAll();
    }

    @Test
    void linkHandlerClosesWhenReaderIdleAndStillNothingArrivesOnTheNextTurn() {
        EmbeddedChannel ch = new EmbeddedChannel(PduEncoder.INSTANCE, new LinkHeartbeatHandler(Duration.ofMillis(50)));
        ch.freezeTime();

        ch.pipeline().fireUserEventTriggered(IdleStateEvent.FIRST_READER_IDLE_STATE_EVENT);
        ch.runPendingTasks();
        assertThat(ch.isOpen()).as("not before the confirmation").isTrue();
        ch.advanceTimeBy(50, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();

        assertThat(ch.isOpen()).isFalse();
        assertThat(ch.<Object>readOutbound()).isNull();
        ch.finishAndReleaseAll();
    }

    @Test
    void linkHandlerKeepsTheLinkWhenTheReadTimeoutPassedWithFramesWaiting() {
        EmbeddedChannel ch = new EmbeddedChannel(PduEncoder.INSTANCE, new LinkHeartbeatHandler(Duration.ofMillis(50)));
        ch.freezeTime();

        ch.pipeline().fireUserEventTriggered(IdleStateEvent.FIRST_READER_IDLE_STATE_EVENT);
        ch.pipeline().fireUserEventTriggered(IdleStateEvent.READER_IDLE_STATE_EVENT);
        ch.writeInbound(Pdu.heartbeat()); // the loop's next turn reads what waited in the socket
        ch.advanceTimeBy(50, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();

        assertThat(ch.isOpen()).isTrue();

        ch.pipeline().fireUserEventTriggered(IdleStateEvent.READER_IDLE_STATE_EVENT);
        ch.advanceTimeBy(50, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).as("a later timeout with nothing read closes").isFalse();
        ch.finishAndReleaseAll();
    }

    @Test
    void linkHandlerPassesOtherUserEventsOn() {
        Object custom = new Object();
        List<Object> seen = new ArrayList<>();
        EmbeddedChannel ch = new EmbeddedChannel(new LinkHeartbeatHandler(),
                new ChannelInboundHandlerAdapter() {
                    @Override
                    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                        seen.add(evt);
                    }
                });

        ch.pipeline().fireUserEventTriggered(custom);
        ch.pipeline().fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT);

        assertThat(seen).containsExactly(custom);
        assertThat(ch.isOpen()).isTrue();
        ch.finishAndReleaseAll();
    }

    // ---- the standard stacks ------------------------------------------------------------------

    @Test
    void linkStackHasNamedHandlersInOrder() {
        EmbeddedChannel ch = new EmbeddedChannel();
        PduPipelines.addLinkStack(ch.pipeline(), 1024, Duration.ofSeconds(5), Duration.ofSeconds(30));

        assertThat(ch.pipeline().names()).startsWith(PduPipelines.DECODER, PduPipelines.ENCODER, PduPipelines.IDLE,
                PduPipelines.HEARTBEAT);
        assertThat(ch.pipeline().get(PduPipelines.DECODER)).isInstanceOf(PduDecoder.class);
        assertThat(((PduDecoder) ch.pipeline().get(PduPipelines.DECODER)).maxFrameLength()).isEqualTo(1024);
        IdleStateHandler idle = (IdleStateHandler) ch.pipeline().get(PduPipelines.IDLE);
        assertThat(idle.getReaderIdleTimeInMillis()).isEqualTo(30_000);
        assertThat(idle.getWriterIdleTimeInMillis()).isEqualTo(5_000);
        assertThat(ch.pipeline().get(PduPipelines.HEARTBEAT)).isInstanceOf(LinkHeartbeatHandler.class);
        ch.finishAndReleaseAll();
    }

    @Test
    void clientStackEchoesHeartbeatsAndHasAnIdleTimeout() {
        EmbeddedChannel ch = new EmbeddedChannel();
        PduPipelines.addClientStack(ch.pipeline(), 2048, Duration.ofSeconds(15));

        assertThat(ch.pipeline().names()).startsWith(PduPipelines.DECODER, PduPipelines.ENCODER, PduPipelines.IDLE,
                PduPipelines.HEARTBEAT);
        assertThat(IdleTimeoutHandler.of(ch)).isNotNull();
        assertThat(IdleTimeoutHandler.of(ch).timeout()).isEqualTo(Duration.ofSeconds(15));

        ch.writeInbound(buf(frame(CommandId.CID_OTHER_HEARTBEAT, 3, null)));
        assertThat(drain(ch.readOutbound())).containsExactly(frame(CommandId.CID_OTHER_HEARTBEAT, 3, null));
        ch.finishAndReleaseAll();
    }
}
