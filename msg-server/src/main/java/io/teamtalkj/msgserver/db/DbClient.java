package io.teamtalkj.msgserver.db;

import com.mogujie.tt.protobuf.IMServer.IMStopReceivePacket;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.teamtalkj.msgserver.DbRequests;
import io.teamtalkj.net.PduLink;
import io.teamtalkj.net.PduPipelines;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.CommandRegistry;
import io.teamtalkj.pdu.Conversations;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.pdu.PduDispatcher;
import io.teamtalkj.pdu.Requester;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The msg-server's links to the dbproxies. Requests go through a {@link Requester}, which puts a
 * correlation id in attach_data (field 20) that the dbproxy echoes, so replies may come back in
 * any order and a uint16 seq never wraps onto a live request. The dbproxy is chosen by the
 * request's conversation key ({@link Conversations#serverIndex}), as design.md §4 asks, so one
 * conversation is stored in order even with several dbproxies; a link that is down or draining
 * (IMStopReceivePacket) is skipped.
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

    private final class Link {
        final PduLink pduLink;
        volatile boolean draining;

        Link(String name, InetSocketAddress addr, EventLoopGroup group, PduLink.Settings settings) {
            CommandRegistry registry = new CommandRegistry().register(CommandId.CID_OTHER_STOP_RECV_PACKET,
                    IMStopReceivePacket.parser(), (ctx, pdu, stop) -> {
                        log.info("dbproxy {} is stopping; sending its requests elsewhere", addr);
                        draining = true;
                    });
            PduDispatcher replies = new PduDispatcher(name, registry) {
                @Override
                protected void notRegistered(ChannelHandlerContext ctx, Pdu pdu) {
                    requester.complete(pdu);
                }
            };
            this.pduLink = PduLink.open(name, addr.getHostString(), addr.getPort(), group, settings,
                    p -> p.addLast(PduPipelines.DISPATCHER, replies), new PduLink.Listener() {
                        @Override
                        public void linkUp(PduLink l, Channel ch) {
                            draining = false;
                        }

                        @Override
                        public void linkDown(PduLink l) {
                            requester.linkDown(Link.this, "link to dbproxy " + l.target() + " went down");
                        }
                    });
        }

        boolean usable() {
            return !draining && pduLink.isUp();
        }

        Object send(Pdu pdu) {
            return pduLink.send(pdu) == null ? null : this;
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
        Link link = pick(orderingKey);
        if (link == null) {
            return CompletableFuture.failedFuture(new DbNotSentException("no dbproxy link is up"));
        }
        return requester.call(commandId, body, link::send);
    }

    /** Sends a request that has no reply (read ack, offline file add/delete); false if not sent. */
    public boolean send(int commandId, byte[] body, long orderingKey) {
        Link link = pick(orderingKey);
        return link != null && link.pduLink.send(Pdu.ofBody(commandId, 0, body)) != null;
    }

    private Link pick(long orderingKey) {
        int n = links.size();
        int start = Conversations.serverIndex(orderingKey, n);
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
