package io.teamtalkj.msgserver.session;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import io.teamtalkj.msgserver.MsgServerStats;
import io.teamtalkj.net.IntervalLog;
import io.teamtalkj.pdu.Pdu;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps what a client connection buffers bounded (design.md §2): a client that does not read is
 * dropped, not buffered forever. The connection turns unwritable above the write-buffer high water
 * mark; if it stays so for {@code grace} (a healthy client catches up from a burst within it), or
 * if a frame would take its queued bytes past {@code maxQueuedBytes} even within the grace, the
 * connection is closed at once (nothing more is queued for it), counted, and logged in one line
 * per interval for all connections ({@link IntervalLog}). What it missed is stored; the client gets it back
 * by unread/history when it reconnects.
 *
 * <p>One instance per connection, all state on its event loop, placed next to the encoder: every
 * outbound frame passes {@link #write} (pushes, replies, heartbeat echoes), so all share this rule.
 */
public final class SlowReaderGuard extends ChannelDuplexHandler {
    private static final Logger log = LoggerFactory.getLogger(SlowReaderGuard.class);
    private static final IntervalLog DROPS = new IntervalLog(log);

    private final Duration grace;
    private final long maxQueuedBytes;
    private final MsgServerStats stats;
    /** Bumped whenever writability changes, so a grace check started earlier sees it is stale. */
    private long writabilityEpoch;
    private boolean dropped;

    public SlowReaderGuard(Duration grace, long maxQueuedBytes, MsgServerStats stats) {
        this.grace = grace;
        this.maxQueuedBytes = maxQueuedBytes;
        this.stats = stats;
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        long epoch = ++writabilityEpoch;
        if (!ctx.channel().isWritable()) {
            if (grace.isZero()) {
                drop(ctx, "output above the high water mark");
            } else {
                ctx.executor().schedule(() -> {
                    if (epoch == writabilityEpoch && !ctx.channel().isWritable()) {
                        drop(ctx, "output above the high water mark for " + grace.toMillis() + " ms");
                    }
                }, grace.toNanos(), TimeUnit.NANOSECONDS);
            }
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (!dropped && queuedBytes(ctx) + frameLength(msg) > maxQueuedBytes) {
            drop(ctx, "more than " + maxQueuedBytes + " bytes queued");
        }
        if (dropped) {
            ReferenceCountUtil.release(msg);
            promise.tryFailure(new ClosedChannelException());
            return;
        }
        super.write(ctx, msg, promise);
    }

    /** What a frame adds to the queue: a PDU before encoding, or a push encoded once for many connections. */
    private static long frameLength(Object msg) {
        if (msg instanceof Pdu pdu) {
            return pdu.frameLength();
        }
        return msg instanceof ByteBuf buf ? buf.readableBytes() : 0;
    }

    /** Encoded bytes waiting for the socket, and frames handed to this connection's loop but not yet written. */
    private static long queuedBytes(ChannelHandlerContext ctx) {
        ChannelOutboundBuffer out = ctx.channel().unsafe().outboundBuffer();
        return out == null ? 0 : out.totalPendingWriteBytes();
    }

    private void drop(ChannelHandlerContext ctx, String why) {
        if (dropped || !ctx.channel().isActive()) {
            return; // a connection that closed on its own is unwritable too, but was not dropped
        }
        dropped = true;
        stats.slowReadersDropped.increment();
        ClientSession session = ClientSession.of(ctx.channel());
        String which = "user " + (session == null ? 0 : session.userId()) + " at " + ctx.channel().remoteAddress()
                + " (" + why + "; " + queuedBytes(ctx) + " bytes queued)";
        // a slow group can drop many at once: one line per interval with the count, each at DEBUG
        DROPS.hit("dropped slow readers (they get what they missed by unread/history when they reconnect)", which);
        log.debug("dropping slow reader {}", which);
        ctx.close();
    }
}
