package io.teamtalkj.net;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backpressure onto the channels that feed a set of links (issue 21): while any watched link
 * cannot take more output (unwritable above its high water mark), the feeders stop reading, so
 * TCP pushes back on their senders instead of this process queueing into the link without bound;
 * they read again once every watched link is writable (or closed).
 *
 * <p>Deadlock-free as long as the watched links are never feeders themselves, i.e. the link's
 * own input is always read: a msg-server pauses its client connections while a dbproxy or
 * route-server link is full, but keeps reading those links, whose replies only go out through
 * client connections that drop slow readers instead of blocking.
 *
 * <p>Thread-safe. Each flip between paused and reading re-applies the current state on every
 * feeder's own loop, so concurrent flips converge on the last one.
 */
public final class ReadThrottle {
    private static final Logger log = LoggerFactory.getLogger(ReadThrottle.class);

    private final String name;
    private final Supplier<? extends Iterable<Channel>> feeders;
    private final AtomicInteger fullLinks = new AtomicInteger();
    private final LongAdder pauses = new LongAdder();
    private final IntervalLog lines = new IntervalLog(log);
    private volatile boolean stopped;

    /**
     * @param name     for the log
     * @param feeders  the channels to pause, asked at every change (new feeders call {@link #apply})
     */
    public ReadThrottle(String name, Supplier<? extends Iterable<Channel>> feeders) {
        this.name = name;
        this.feeders = feeders;
    }

    /** A handler for one watched link's pipeline (one per channel: it remembers whether its link is full). */
    public ChannelHandler watcher() {
        return new Watcher();
    }

    /** Whether feeders should not read now. */
    public boolean paused() {
        return stopped || fullLinks.get() > 0;
    }

    /** Times a watched link turned full (feeders were paused). */
    public long pauses() {
        return pauses.sum();
    }

    /** Sets one feeder's reading to the current state, on its own loop (call it for each new feeder). */
    public void apply(Channel feeder) {
        feeder.eventLoop().execute(() -> feeder.config().setAutoRead(!paused()));
    }

    /** For a drain that stops reading for good: the throttle never turns reading back on after this. */
    public void stop() {
        stopped = true;
    }

    private void changed() {
        for (Channel feeder : feeders.get()) {
            apply(feeder);
        }
    }

    private final class Watcher extends ChannelInboundHandlerAdapter {
        /** On the link's loop. */
        private boolean full;

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
            boolean nowFull = !ctx.channel().isWritable() && ctx.channel().isActive();
            if (nowFull != full) {
                full = nowFull;
                // feeders are visited only when the overall state flips, not for a second full link
                if (nowFull) {
                    pauses.increment();
                    lines.hit(name + ": a link cannot take more output; reading paused until it drains",
                            ctx.channel().remoteAddress());
                    if (fullLinks.incrementAndGet() == 1) {
                        changed();
                    }
                } else if (fullLinks.decrementAndGet() == 0) {
                    changed();
                }
            }
            super.channelWritabilityChanged(ctx);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            if (full) { // a closed link holds nobody up
                full = false;
                if (fullLinks.decrementAndGet() == 0) {
                    changed();
                }
            }
            super.channelInactive(ctx);
        }
    }
}
