package io.teamtalkj.net;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPromise;
import io.netty.util.AttributeKey;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The way frames go out on a link between tiers: every frame written to the channel from any
 * thread before its event loop gets round to it leaves in one flush, i.e. one send(2).
 *
 * <p>Frames on these links come in bursts: a dbproxy answers a batch of stores in one read, and
 * the msg-server then relays each of those messages to a route-server, which in turn forwards each
 * one to another msg-server. With a flush per frame every hop paid a system call per message (the
 * costliest part of a message on a virtualised host, where a loopback send also runs the
 * receiver's side of TCP and its wake-up). Here the first frame of a burst schedules one drain task
 * on the channel's loop; the loop runs it after the I/O it is handling, so everything queued by
 * then is written and flushed together. Nothing waits for a timer: a lone frame goes out as soon
 * as the loop is free, as before.
 *
 * <p>Frames from one thread keep their order. Writes that bypass this writer on the same channel
 * (heartbeats) are not ordered with it. Client connections do not use it: a client rarely gets two
 * frames in one loop turn, and the extra task would only add work there.
 */
public final class CoalescingWriter {
    private static final AttributeKey<CoalescingWriter> KEY = AttributeKey.valueOf(CoalescingWriter.class, "writer");

    private final Channel channel;
    private final Queue<Object> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final Runnable drain = this::drain;

    private CoalescingWriter(Channel channel) {
        this.channel = channel;
    }

    /** The channel's writer, made on first use. */
    public static CoalescingWriter of(Channel channel) {
        CoalescingWriter w = channel.attr(KEY).get();
        if (w != null) {
            return w;
        }
        CoalescingWriter made = new CoalescingWriter(channel);
        w = channel.attr(KEY).setIfAbsent(made);
        return w == null ? made : w;
    }

    /** Queues a frame; nobody learns whether it was written. */
    public void write(Object msg) {
        queue.add(msg);
        scheduleDrain();
    }

    /** Queues a frame whose outcome completes {@code promise} (a promise of this writer's channel). */
    public void write(Object msg, ChannelPromise promise) {
        queue.add(new WithPromise(msg, promise));
        scheduleDrain();
    }

    /** Frames queued and not yet handed to the channel (tests, metrics). */
    public int queued() {
        return queue.size();
    }

    private void scheduleDrain() {
        if (drainScheduled.compareAndSet(false, true)) {
            try {
                channel.eventLoop().execute(drain);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                discard(e); // the loop is shutting down: the channel is gone with it
            }
        }
    }

    private void discard(Throwable why) {
        Object m;
        while ((m = queue.poll()) != null) {
            if (m instanceof WithPromise p) {
                io.netty.util.ReferenceCountUtil.release(p.msg);
                p.promise.tryFailure(why);
            } else {
                io.netty.util.ReferenceCountUtil.release(m);
            }
        }
    }

    private void drain() {
        // cleared before polling: a frame queued after this point schedules the next drain
        drainScheduled.set(false);
        int wrote = 0;
        Object m;
        // bounded: producers faster than the loop must not keep one drain writing without a flush
        // (everything would pile up unflushed in the channel's buffer)
        while (wrote < MAX_FRAMES_PER_FLUSH && (m = queue.poll()) != null) {
            if (m instanceof WithPromise p) {
                channel.write(p.msg, p.promise);
            } else {
                channel.write(m, channel.voidPromise());
            }
            wrote++;
        }
        if (wrote > 0) {
            channel.flush();
        }
        if (!queue.isEmpty()) {
            scheduleDrain(); // behind whatever else the loop has to do, e.g. reading
        }
    }

    /** Frames written per flush at most; the rest go in the next drain, after the loop's other work. */
    static final int MAX_FRAMES_PER_FLUSH = 256;

    private record WithPromise(Object msg, ChannelPromise promise) {
    }
}
