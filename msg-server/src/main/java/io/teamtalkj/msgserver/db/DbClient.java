package io.teamtalkj.msgserver.db;

import com.mogujie.tt.protobuf.IMServer.IMStopReceivePacket;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.teamtalkj.msgserver.DbRequests;
import io.teamtalkj.net.PduLink;
import io.teamtalkj.net.PduPipelines;
import io.teamtalkj.pdu.AttachField;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.CommandRegistry;
import io.teamtalkj.pdu.Conversations;
import io.teamtalkj.pdu.InternalCommandId;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.pdu.PduDispatcher;
import io.teamtalkj.pdu.Requester;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The msg-server's links to the dbproxies. Requests go through a {@link Requester}, which puts a
 * correlation id in attach_data (field 20) that the dbproxy echoes, so replies may come back in
 * any order and a uint16 seq never wraps onto a live request. The dbproxy is chosen by the
 * request's conversation key ({@link Conversations#serverIndex}), as design.md §4 asks, so one
 * conversation is stored in order even with several dbproxies; a link that is down or draining
 * is skipped, and its conversations are spread over the usable links by the same hash.
 *
 * <p>Drain: a dbproxy that stops sends IMStopReceivePacket (0x0702). The link is then draining: no
 * new request is sent on it, it answers CID_INTERNAL_DRAIN_ACK (0x0810), and replies to what was
 * sent before still arrive on it and are matched. A request that had picked the link but reaches
 * its channel after the ack is not written ({@link Drained}); {@link #call} sends it once more
 * on the link chosen now, and a one-way {@link #send} is rerouted the same way. Calls for the
 * draining link's conversations are held, in the order they were made, until its calls in flight
 * are answered, so a moved conversation is never stored by two dbproxies at once nor out of order.
 */
public final class DbClient implements DbRequests, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DbClient.class);
    /** Requests in flight at most; more fail at once rather than queue without bound. */
    static final int MAX_PENDING = 100_000;

    private static final Requester.Errors ERRORS = new Requester.Errors() {
        @Override
        public Throwable unavailable(String why) {
            return new DbUnavailableException(why);
        }

        @Override
        public Throwable timedOut(String why) {
            return new DbUnavailableException("dbproxy did not answer in time");
        }

        @Override
        public Throwable notSent(String why) {
            return new DbNotSentException(why);
        }
    };

    private final List<Link> links = new ArrayList<>();
    private final Requester requester;
    /** Orders calls, so those held during a drain go out in the order they were made. */
    private final AtomicLong callSeq = new AtomicLong();

    /** A request that picked a draining link after it acked the stop: not sent, to be sent again elsewhere. */
    static final class Drained extends RuntimeException {
        Drained(String link) {
            super(link + " is draining", null, false, false);
        }
    }

    private final class Link {
        final PduLink pduLink;
        /** Set on IMStopReceivePacket: pick() skips the link. */
        volatile boolean draining;
        /** Calls sent on this link and not answered or failed yet. */
        final AtomicInteger inFlight = new AtomicInteger();
        /** While draining with calls in flight: calls for this link's conversations, in call order. Guarded by this. */
        private final PriorityQueue<Held> held = new PriorityQueue<>();
        /** Whether this link's calls in flight have all ended since it began draining. Guarded by this. */
        private boolean settled = true;

        Link(String name, InetSocketAddress addr, EventLoopGroup group, PduLink.Settings settings) {
            CommandRegistry registry = new CommandRegistry().register(CommandId.CID_OTHER_STOP_RECV_PACKET,
                    IMStopReceivePacket.parser(), (ctx, pdu, stop) -> {
                        log.info("dbproxy {} is stopping; sending its conversations to the other dbproxies", addr);
                        synchronized (Link.this) {
                            settled = false;
                        }
                        draining = true;
                        ctx.writeAndFlush(Pdu.ofBody(InternalCommandId.CID_INTERNAL_DRAIN_ACK, 0, new byte[0]));
                        ctx.pipeline().get(DrainGate.class).acked = true; // same event loop as every write
                        settleIfIdle();
                    });
            PduDispatcher replies = new PduDispatcher(name, registry) {
                @Override
                protected void notRegistered(ChannelHandlerContext ctx, Pdu pdu) {
                    requester.complete(pdu);
                }
            };
            this.pduLink = PduLink.open(name, addr.getHostString(), addr.getPort(), group, settings,
                    p -> {
                        p.addLast(PduPipelines.DISPATCHER, replies);
                        p.addLast("drain-gate", new DrainGate(this)); // one per channel: a new link starts open
                    }, new PduLink.Listener() {
                        @Override
                        public void linkUp(PduLink l, Channel ch) {
                            draining = false;
                        }

                        @Override
                        public void linkDown(PduLink l) {
                            requester.linkDown(Link.this, "link to dbproxy " + l.target() + " went down");
                            settle(); // nothing more will be answered on it
                        }
                    });
        }

        boolean usable() {
            return !draining && pduLink.isUp();
        }

        Object send(Pdu pdu) {
            return pduLink.send(pdu) == null ? null : this;
        }

        void release() {
            if (inFlight.decrementAndGet() == 0 && draining) {
                settleIfIdle();
            }
        }

        private void settleIfIdle() {
            if (inFlight.get() == 0) {
                settle();
            }
        }

        /** Sends what was held, in call order, then lets calls through. */
        synchronized void settle() {
            for (Held h = held.poll(); h != null; h = held.poll()) {
                h.run();
            }
            settled = true;
        }

        /** Runs the call now, or holds it while this (draining) link still has calls in flight. */
        synchronized void runAfterSettled(Held call) {
            if (settled) {
                call.run();
            } else {
                held.add(call);
            }
        }
    }

    /** A call waiting for a draining link to settle. */
    private record Held(long seq, Runnable send) implements Comparable<Held> {
        void run() {
            send.run();
        }

        @Override
        public int compareTo(Held o) {
            return Long.compare(seq, o.seq);
        }
    }

    public DbClient(String name, List<InetSocketAddress> dbProxies, EventLoopGroup group, PduLink.Settings settings,
                    Duration requestTimeout) {
        this.requester = new Requester(name + "-db", group.next(), requestTimeout, Duration.ofMillis(200), MAX_PENDING,
                ERRORS).stampBudget(); // the dbproxy drops what we no longer wait for
        for (int i = 0; i < dbProxies.size(); i++) {
            links.add(new Link(name + "-db" + i, dbProxies.get(i), group, settings));
        }
    }

    /**
     * Sends a request and completes with the reply frame (attach_data stripped). Fails at once
     * with {@link DbNotSentException} when no dbproxy is usable, the link refuses the write or too
     * many requests are in flight; with {@link DbUnavailableException} when the link breaks or the
     * timeout passes (the outcome is then unknown).
     */
    public CompletableFuture<Pdu> call(int commandId, byte[] body, long orderingKey) {
        return callOnce(callSeq.incrementAndGet(), commandId, body, orderingKey, true);
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    /**
     * Sends on the conversation's link now, or, when that link is draining, once its calls in
     * flight have ended. A call {@link Drained} off a link is made again ({@code retry}) under the
     * same {@code seq} before the link's in-flight count drops, so it keeps its place among the held.
     */
    private CompletableFuture<Pdu> callOnce(long seq, int commandId, byte[] body, long orderingKey, boolean retry) {
        Link own = links.get(Conversations.serverIndex(orderingKey, links.size()));
        // count the call on its link before looking at draining; the stop handler sets draining
        // before it reads the count, so either it sees this call or this call sees the drain
        own.inFlight.incrementAndGet();
        if (!own.draining && own.pduLink.isUp()) {
            return sendOn(own, seq, commandId, body, orderingKey, retry);
        }
        own.release();
        if (!own.draining) {
            return sendNow(seq, commandId, body, orderingKey, retry); // down, not draining: nothing to wait for
        }
        CompletableFuture<Pdu> result = new CompletableFuture<>();
        own.runAfterSettled(new Held(seq, () -> sendNow(seq, commandId, body, orderingKey, retry).whenComplete((r, e) -> {
            if (e != null) {
                result.completeExceptionally(e);
            } else {
                result.complete(r);
            }
        })));
        return result;
    }

    /** Sends on whichever usable link {@link #pick} chooses now. */
    private CompletableFuture<Pdu> sendNow(long seq, int commandId, byte[] body, long orderingKey, boolean retry) {
        Link link = pick(orderingKey);
        if (link == null) {
            return CompletableFuture.failedFuture(new DbNotSentException("no dbproxy link is up"));
        }
        link.inFlight.incrementAndGet();
        return sendOn(link, seq, commandId, body, orderingKey, retry);
    }

    /** Sends on {@code link}, whose in-flight count already includes this call and is released when it ends. */
    private CompletableFuture<Pdu> sendOn(Link link, long seq, int commandId, byte[] body, long orderingKey,
                                          boolean retry) {
        return requester.call(commandId, body, link::send).handle((reply, e) -> {
            CompletableFuture<Pdu> next;
            if (e == null) {
                next = CompletableFuture.completedFuture(reply);
            } else if (!(unwrap(e) instanceof Drained)) {
                next = CompletableFuture.failedFuture(e);
            } else if (retry) {
                next = callOnce(seq, commandId, body, orderingKey, false); // held or sent before release() below
            } else {
                next = CompletableFuture.failedFuture(new DbUnavailableException(unwrap(e).getMessage()));
            }
            link.release();
            return next;
        }).thenCompose(f -> f);
    }

    /** Sends a request that has no reply (read ack, offline file add/delete); false if not sent. */
    public boolean send(int commandId, byte[] body, long orderingKey) {
        Link link = pick(orderingKey);
        ChannelFuture sent = link == null ? null : link.pduLink.send(Pdu.ofBody(commandId, 0, body));
        if (sent == null) {
            return false;
        }
        sent.addListener(f -> {
            if (f.cause() instanceof Drained) {
                Link other = pick(orderingKey);
                if (other == null || other.pduLink.send(Pdu.ofBody(commandId, 0, body)) == null) {
                    log.warn("dropping {}: its dbproxy is draining and no other is up", CommandId.name(commandId));
                }
            }
        });
        return true;
    }

    /**
     * The conversation's own link; when that one is down or draining, one of the usable links
     * chosen by the same hash, so its conversations spread evenly over the others.
     */
    private Link pick(long orderingKey) {
        int n = links.size();
        Link own = links.get(Conversations.serverIndex(orderingKey, n));
        if (own.usable()) {
            return own;
        }
        List<Link> usable = new ArrayList<>(n);
        for (Link l : links) {
            if (l.usable()) {
                usable.add(l);
            }
        }
        return usable.isEmpty() ? null : usable.get(Conversations.serverIndex(orderingKey, usable.size()));
    }

    /**
     * Last in a link's pipeline, so every request written on the channel passes it on the event
     * loop: after the drain ack a request is not written but failed with {@link Drained} (a call)
     * or rerouted (a one-way send). Heartbeats and the ack itself pass.
     */
    private final class DrainGate extends ChannelOutboundHandlerAdapter {
        private final Link link;
        /** Set, on this channel's event loop, right after the drain ack is written. */
        boolean acked;

        DrainGate(Link link) {
            this.link = link;
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
            if (!acked || !(msg instanceof Pdu pdu) || pdu.commandId() == CommandId.CID_OTHER_HEARTBEAT
                    || pdu.commandId() == InternalCommandId.CID_INTERNAL_DRAIN_ACK) {
                super.write(ctx, msg, promise);
                return;
            }
            Drained drained = new Drained(link.pduLink.target());
            long id = AttachField.findId(pdu.body());
            if (id >= 0) {
                requester.fail(id, drained); // call() sends it again
            }
            promise.tryFailure(drained); // send() sends it again
        }
    }

    public boolean anyUp() {
        for (Link l : links) {
            if (l.usable()) {
                return true;
            }
        }
        return false;
    }

    /** The dbproxy links' live channels (for tests and diagnostics). */
    public List<Channel> linkChannels() {
        List<Channel> up = new ArrayList<>();
        for (Link l : links) {
            Channel ch = l.pduLink.channel();
            if (ch != null) {
                up.add(ch);
            }
        }
        return up;
    }

    public int upCount() {
        int up = 0;
        for (Link l : links) {
            if (l.usable()) {
                up++;
            }
        }
        return up;
    }

    public int inFlight() {
        return requester.inFlight();
    }

    public long timeouts() {
        return requester.timeouts();
    }

    @Override
    public void close() {
        for (Link l : links) {
            l.pduLink.close();
        }
        requester.close();
    }
}
