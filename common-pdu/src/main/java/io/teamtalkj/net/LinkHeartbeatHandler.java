package io.teamtalkj.net;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a server-to-server link alive: sends a heartbeat when nothing was written for a while,
 * closes the link when nothing was read for the timeout, and swallows the peer's heartbeats.
 *
 * <p>The timeout counts from this end's last read, so an event loop kept busy past it by other
 * channels (a burst on a cold JIT, a long batch) finds the peer's heartbeats still unread in the
 * socket. Before closing, the handler therefore gives the loop one more turn to read: the link is
 * closed only if nothing arrived by {@link #DEFAULT_CONFIRM} later.
 */
public final class LinkHeartbeatHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(LinkHeartbeatHandler.class);
    /** Long enough for any loop to poll its sockets once more; short next to any link timeout. */
    static final Duration DEFAULT_CONFIRM = Duration.ofMillis(50);
    private static final String KEPT = "links kept up: their read timeout passed while their event loop was busy elsewhere,"
            + " and the peer's frames were waiting unread";
    private static final IntervalLog KEPT_LINKS = new IntervalLog(log);

    private final long confirmNanos;
    /** Frames read so far: a count, so two reads can never look like one. */
    private long reads;
    private boolean confirming;

    public LinkHeartbeatHandler() {
        this(DEFAULT_CONFIRM);
    }

    LinkHeartbeatHandler(Duration confirm) {
        this.confirmNanos = confirm.toNanos();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        reads++;
        if (msg instanceof Pdu && ((Pdu) msg).commandId() == CommandId.CID_OTHER_HEARTBEAT) {
            return;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            IdleState state = ((IdleStateEvent) evt).state();
            if (state == IdleState.WRITER_IDLE) {
                ctx.writeAndFlush(Pdu.heartbeat(), ctx.voidPromise());
            } else if (state == IdleState.READER_IDLE && !confirming) {
                confirming = true;
                long readsThen = reads;
                ctx.executor().schedule(() -> confirmIdle(ctx, readsThen), confirmNanos, TimeUnit.NANOSECONDS);
            }
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    private void confirmIdle(ChannelHandlerContext ctx, long readsThen) {
        confirming = false;
        if (!ctx.channel().isOpen()) {
            return;
        }
        if (reads != readsThen) {
            KEPT_LINKS.hit(KEPT, ctx.channel().remoteAddress());
            return;
        }
        log.warn("closing link {}: nothing received within the timeout", ctx.channel().remoteAddress());
        ctx.close();
    }
}
