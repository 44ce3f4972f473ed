package io.teamtalkj.net;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a client connection that has sent nothing for its timeout. Unlike Netty's
 * IdleStateHandler the timeout can change during the connection's life: TeamTalk allows 15 s
 * before login, then 120 s for PC and 300 s for mobile clients. Only reads count; our own
 * writes do not keep a dead client alive. All state is touched on the channel's event loop.
 */
public final class IdleTimeoutHandler extends ChannelDuplexHandler {
    private static final Logger log = LoggerFactory.getLogger(IdleTimeoutHandler.class);
    /**
     * A flood of connections that never log in (a scanner, a misbehaving client fleet) times out
     * all at once: one INFO line per 10 s with the count, each connection at DEBUG.
     */
    static final String IDLE_CLOSE = "closing connections idle past their timeout";
    static final IntervalLog IDLE_CLOSES = new IntervalLog(log::info, IntervalLog.DEFAULT_INTERVAL, System::nanoTime);

    private volatile long timeoutNanos;
    private long lastReadNanos;
    private ScheduledFuture<?> check;
    private volatile ChannelHandlerContext ctx;

    public IdleTimeoutHandler(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
    }

    /** The handler installed by {@link PduPipelines#addClientStack}, or null. */
    public static IdleTimeoutHandler of(Channel channel) {
        return channel.pipeline().get(IdleTimeoutHandler.class);
    }

    /** Changes the timeout, counted from the last read. Safe to call from any thread. */
    public void setTimeout(Duration timeout) {
        if (ctx == null) {
            timeoutNanos = timeout.toNanos();
            return;
        }
        ctx.executor().execute(() -> {
            timeoutNanos = timeout.toNanos();
            reschedule();
        });
    }

    public Duration timeout() {
        return Duration.ofNanos(timeoutNanos);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        lastReadNanos = System.nanoTime();
        if (ctx.channel().isActive() && ctx.channel().isRegistered()) {
            reschedule();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        lastReadNanos = System.nanoTime();
        reschedule();
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        lastReadNanos = System.nanoTime();
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancel();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    private void reschedule() {
        cancel();
        long delay = Math.max(0, lastReadNanos + timeoutNanos - System.nanoTime());
        check = ctx.executor().schedule(this::onCheck, delay, TimeUnit.NANOSECONDS);
    }

    private void onCheck() {
        if (!ctx.channel().isOpen()) {
            return;
        }
        long idle = System.nanoTime() - lastReadNanos;
        if (idle >= timeoutNanos) {
            String what = ctx.channel().remoteAddress() + " idle for " + TimeUnit.NANOSECONDS.toMillis(idle)
                    + " ms (timeout " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms)";
            log.debug("closing {}", what);
            IDLE_CLOSES.hit(IDLE_CLOSE, what);
            ctx.close();
        } else {
            check = ctx.executor().schedule(this::onCheck, timeoutNanos - idle, TimeUnit.NANOSECONDS);
        }
    }

    private void cancel() {
        if (check != null) {
            check.cancel(false);
            check = null;
        }
    }
}
