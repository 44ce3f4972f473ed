package io.teamtalkj.msgserver.db;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.util.concurrent.ScheduledFuture;
import io.teamtalkj.msgserver.DbRequests;
import io.teamtalkj.net.PduLink;
import io.teamtalkj.net.PduPipelines;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The msg-server's links to the dbproxies. A request carries a correlation id in attach_data
 * (field 20), which the dbproxy echoes, so replies may come back in any order and a uint16 seq
 * never wraps onto a live request. The dbproxy is chosen by the request's ordering key (the
 * conversation), as design.md §4 asks, so one conversation is stored in order even with several
 * dbproxies; a link that is down or draining (IMStopReceivePacket) is skipped.
 */
public final class DbClient implements DbRequests, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DbClient.class);

    private final List<Link> links = new ArrayList<>();
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final long timeoutNanos;
    private final ScheduledFuture<?> sweeper;
    private final LongAdder timeouts = new LongAdder();

    private record Pending(CompletableFuture<Pdu> future, long deadline, Link link) {
    }

    private final class Link {
        final PduLink pduLink;
        volatile boolean draining;

        Link(String name, InetSocketAddress addr, EventLoopGroup group, PduLink.Settings settings) {
            this.pduLink = PduLink.open(name, addr.getHostString(), addr.getPort(), group, settings,
                    p -> p.addLast(PduPipelines.DISPATCHER, new ReplyHandler(this)), new PduLink.Listener() {
                        @Override
                        public void linkUp(PduLink l, Channel ch) {
                            draining = false;
                        }

                        @Override
                        public void linkDown(PduLink l) {
                            failPending(Link.this, "link to dbproxy " + l.target() + " went down");
                        }
                    });
        }

        boolean usable() {
            return !draining && pduLink.isUp();
        }
    }

    public DbClient(String name, List<InetSocketAddress> dbProxies, EventLoopGroup group, PduLink.Settings settings,
                    Duration requestTimeout) {
        this.timeoutNanos = requestTimeout.toNanos();
        for (int i = 0; i < dbProxies.size(); i++) {
            links.add(new Link(name + "-db" + i, dbProxies.get(i), group, settings));
        }
        this.sweeper = group.next().scheduleAtFixedRate(this::expire, 200, 200, TimeUnit.MILLISECONDS);
    }

    /**
     * Sends a request and completes with the reply frame (attach_data still in it). Fails with
     * {@link DbUnavailableException} when no dbproxy is usable, the link breaks, or the timeout passes.
     */
    public CompletableFuture<Pdu> call(int commandId, byte[] body, long orderingKey) {
        CompletableFuture<Pdu> future = new CompletableFuture<>();
        Link link = pick(orderingKey);
        if (link == null) {
            future.completeExceptionally(new DbUnavailableException("no dbproxy link is up"));
            return future;
        }
        long id = ids.incrementAndGet();
        pending.put(id, new Pending(future, System.nanoTime() + timeoutNanos, link));
        if (link.pduLink.send(Pdu.ofBody(commandId, 0, AttachField.withId(body, id))) == null) {
            Pending p = pending.remove(id);
            if (p != null) {
                p.future.completeExceptionally(new DbUnavailableException("dbproxy link went down"));
            }
        }
        return future;
    }

    /** Sends a request that has no reply (read ack, offline file add/delete); false if not sent. */
    public boolean send(int commandId, byte[] body, long orderingKey) {
        Link link = pick(orderingKey);
        return link != null && link.pduLink.send(Pdu.ofBody(commandId, 0, body)) != null;
    }

    private Link pick(long orderingKey) {
        int n = links.size();
        int start = (int) Math.floorMod(orderingKey, (long) n);
        for (int i = 0; i < n; i++) {
            Link l = links.get((start + i) % n);
            if (l.usable()) {
                return l;
            }
        }
        return null;
    }

    public boolean anyUp() {
        for (Link l : links) {
            if (l.usable()) {
                return true;
            }
        }
        return false;
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
        return pending.size();
    }

    public long timeouts() {
        return timeouts.sum();
    }

    private void complete(Pdu reply) {
        long id = AttachField.findId(reply.body());
        Pending p = id < 0 ? null : pending.remove(id);
        if (p == null) {
            log.debug("dbproxy reply {} for no pending request (timed out?)", CommandId.name(reply.commandId()));
            return;
        }
        p.future.complete(reply);
    }

    private void failPending(Link link, String why) {
        for (Iterator<Map.Entry<Long, Pending>> it = pending.entrySet().iterator(); it.hasNext(); ) {
            Pending p = it.next().getValue();
            if (p.link == link) {
                it.remove();
                p.future.completeExceptionally(new DbUnavailableException(why));
            }
        }
    }

    private void expire() {
        long now = System.nanoTime();
        for (Iterator<Map.Entry<Long, Pending>> it = pending.entrySet().iterator(); it.hasNext(); ) {
            Pending p = it.next().getValue();
            if (now - p.deadline >= 0) {
                it.remove();
                timeouts.increment();
                p.future.completeExceptionally(new DbUnavailableException("dbproxy did not answer in time"));
            }
        }
    }

    @Override
    public void close() {
        sweeper.cancel(false);
        for (Link l : links) {
            l.pduLink.close();
        }
        for (Pending p : pending.values()) {
            p.future.completeExceptionally(new DbUnavailableException("msg-server stopping"));
        }
        pending.clear();
    }

    @ChannelHandler.Sharable
    private final class ReplyHandler extends SimpleChannelInboundHandler<Pdu> {
        private final Link link;

        ReplyHandler(Link link) {
            this.link = link;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Pdu pdu) {
            if (pdu.commandId() == CommandId.CID_OTHER_STOP_RECV_PACKET) {
                log.info("dbproxy {} is stopping; sending its requests elsewhere", link.pduLink.target());
                link.draining = true;
                return;
            }
            complete(pdu);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.warn("dbproxy link {}: {}", link.pduLink.target(), cause.toString());
            ctx.close();
        }
    }
}
