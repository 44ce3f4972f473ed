package io.teamtalkj.links.route;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import com.mogujie.tt.protobuf.IMBaseDefine.ServerUserStat;
import com.mogujie.tt.protobuf.IMBaseDefine.UserStatType;
import com.mogujie.tt.protobuf.IMBuddy.IMUsersStatReq;
import com.mogujie.tt.protobuf.IMBuddy.IMUsersStatRsp;
import com.mogujie.tt.protobuf.IMServer.IMOnlineUserInfo;
import com.mogujie.tt.protobuf.IMServer.IMRoleSet;
import com.mogujie.tt.protobuf.IMServer.IMUserStatusUpdate;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.teamtalkj.net.PduLink;
import io.teamtalkj.net.PduPipelines;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.CommandRegistry;
import io.teamtalkj.pdu.InternalCommandId;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.pdu.PduDispatcher;
import io.teamtalkj.pdu.Requester;
import io.teamtalkj.pdu.internal.RelayEnvelope;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A msg-server's side of the route-servers: one reconnecting link to each, presence reported to
 * all of them, relays and status queries through one.
 *
 * <p><b>Presence.</b> Call {@link #userOnline} when a connection has logged in and
 * {@link #userOffline} when it has gone, exactly once each per connection. Both go to every
 * route-server link that is up. RouteClient keeps its own record of these calls and, whenever a
 * link comes up, sends that record as the IMOnlineUserInfo snapshot (in frames of at most 64 KiB)
 * in the same order as the updates: a snapshot taken from the msg-server's own table could miss
 * or double a login that races the reconnect, leaving a ghost online user.
 *
 * <p><b>Active route.</b> Relays and status queries go through the active route-server: the link
 * that has been up longest. When it goes down the next oldest up link takes over at once and is
 * told so with IMRoleSet master=1 (the others get master=0); route-servers send the status and
 * PC-login notifications they generate only to msg-servers whose active route they are, so each
 * notification arrives once. A route-server process that dies closes its sockets and the switch
 * is immediate; one that vanishes silently is noticed after the link timeout, so use
 * {@link #RECOMMENDED_SETTINGS} (1 s heartbeat, 4 s timeout) to fail over within 5 s.
 *
 * <p><b>Relays in flight.</b> A route-server does not confirm relays. Each route link keeps the
 * relays it sent during the last {@link #retryWindow} (the link timeout plus a heartbeat, at least
 * 10 s: anything older was handled by a route-server that was still answering); when the link
 * drops, they are sent again through the next route-server. Every relay carries this client's
 * random instance id and a relay number, and the receiving RouteClient hands each one to its
 * handler once ({@link RelaysSeen}), so relays that did get through the dead route-server are not
 * delivered twice.
 *
 * <p><b>Threads.</b> Every method may be called from any thread and never blocks on I/O.
 * {@link Handler#onRelay} and the completion of {@link #usersStatus} futures run on the link's
 * event loop: do not block there.
 */
public final class RouteClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RouteClient.class);

    /** RelayEnvelope.client_class values: every connection of a recipient, PC ones only, mobile ones only. */
    public static final int CLASS_ALL = 0;
    public static final int CLASS_PC = 1;
    public static final int CLASS_MOBILE = 2;

    /** Link settings that let a silent route-server failure be noticed (and failed over) within 5 s. */
    public static final PduLink.Settings RECOMMENDED_SETTINGS =
            PduLink.Settings.DEFAULT.withHeartbeat(Duration.ofSeconds(1), Duration.ofSeconds(4));

    /** Relays are kept for a resend at least this long. */
    static final Duration MIN_RETRY_WINDOW = Duration.ofSeconds(10);

    /** How long {@link #usersStatus} waits for the route-server's answer. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    /** Contacts reported per user at most; more would not fit a frame comfortably. */
    static final int MAX_CONTACTS = 20_000;
    static final int SNAPSHOT_FRAME_BUDGET = 64 * 1024;
    /** Status queries in flight at most. */
    static final int MAX_PENDING = 10_000;
    private static final int[] NO_CONTACTS = new int[0];
    /** Relays kept per route link for a resend at most (~2 minutes at 1,500 relays/s). */
    static final int MAX_IN_FLIGHT = 200_000;

    /** What the msg-server does with what route-servers send it. */
    public interface Handler {
        /**
         * An envelope for local delivery: deliver {@code envelope.getBody()} as command
         * {@code envelope.getCommandId()} (seq 0) to the local connections of
         * {@code envelope.getRecipientIdsList()} in {@code envelope.getClientClass()}, or to every
         * local connection when {@code envelope.getBroadcast()}. Two commands need translating:
         * 0x070e (IMServerPCLoginStatusNotify) goes to clients as 0x020e (IMPCLoginStatusNotify),
         * and 0x070d (IMServerKickUser) is the cluster-wide kick. Runs on the link's event loop.
         */
        void onRelay(RelayEnvelope envelope);
    }

    private final String name;
    private final Handler handler;
    private final List<Route> routes = new ArrayList<>();
    private final Object lock = new Object();
    /** user id → connections by client type and contacts, as reported; guarded by {@link #lock}. */
    private final Map<Integer, OnlineUser> online = new HashMap<>();
    private final Requester requester;
    private volatile Route active;
    private volatile boolean closed;
    private final long originInstance = new java.security.SecureRandom().nextLong();
    private final java.util.concurrent.atomic.AtomicLong relayIds = new java.util.concurrent.atomic.AtomicLong();
    private final RelaysSeen seen = new RelaysSeen();
    private final java.util.concurrent.atomic.LongAdder relaysRetried = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder relaysNotRetried = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder duplicatesDropped = new java.util.concurrent.atomic.LongAdder();
    private final Duration retryWindow;

    private RouteClient(String name, EventLoopGroup group, Handler handler, Duration retryWindow) {
        this.name = name;
        this.handler = handler;
        this.retryWindow = retryWindow;
        this.requester = new Requester(name + "->route", group.next(), REQUEST_TIMEOUT, Duration.ofMillis(200),
                MAX_PENDING, Requester.Errors.DEFAULT);
    }

    /**
     * Starts linking to every route-server in the background and returns at once.
     *
     * @param name this msg-server's instance name (shown in route stats)
     */
    public static RouteClient start(String name, List<InetSocketAddress> routeServers, EventLoopGroup group,
                                    PduLink.Settings settings, Handler handler) {
        if (routeServers.isEmpty()) {
            throw new IllegalArgumentException("at least one route-server address is needed");
        }
        Duration window = settings.timeout().plus(settings.heartbeat());
        if (window.compareTo(MIN_RETRY_WINDOW) < 0) {
            window = MIN_RETRY_WINDOW;
        }
        RouteClient client = new RouteClient(name, group, handler, window);
        for (InetSocketAddress address : routeServers) {
            Route route = client.new Route(address);
            client.routes.add(route);
        }
        for (Route route : client.routes) {
            route.link = PduLink.open(name + "->route " + route.target, route.address.getHostString(),
                    route.address.getPort(), group, settings,
                    p -> p.addLast(PduPipelines.DISPATCHER, client.inbound(route)), route);
        }
        return client;
    }

    // ---- presence ------------------------------------------------------------------------------

    /**
     * A connection of {@code userId} logged in on this msg-server.
     *
     * @param contactIds the user's recent 1:1 contacts and department peers: they (and only they)
     *                   hear the user's status changes. Empty keeps what route-servers already know.
     */
    public void userOnline(int userId, ClientType type, Collection<Integer> contactIds) {
        int[] contacts = contacts(contactIds, userId);
        IMUserStatusUpdate.Builder update = IMUserStatusUpdate.newBuilder()
                .setUserStatus(UserStatType.USER_STATUS_ONLINE_VALUE)
                .setUserId(userId)
                .setClientType(type);
        for (int c : contacts) {
            update.addTtContactIds(c);
        }
        Pdu pdu = Pdu.push(CommandId.CID_OTHER_USER_STATUS_UPDATE, update.build());
        synchronized (lock) {
            OnlineUser user = online.computeIfAbsent(userId, id -> new OnlineUser());
            user.counts[type.ordinal()]++;
            if (contacts.length > 0) {
                user.contacts = contacts;
            }
            for (Route r : routes) {
                r.enqueueLocked(pdu);
            }
        }
    }

    /** A connection of {@code userId} of this client type closed (or was kicked) on this msg-server. */
    public void userOffline(int userId, ClientType type) {
        Pdu pdu = Pdu.push(CommandId.CID_OTHER_USER_STATUS_UPDATE, IMUserStatusUpdate.newBuilder()
                .setUserStatus(UserStatType.USER_STATUS_OFFLINE_VALUE)
                .setUserId(userId)
                .setClientType(type)
                .build());
        synchronized (lock) {
            OnlineUser user = online.get(userId);
            if (user == null || user.counts[type.ordinal()] == 0) {
                log.warn("{}: userOffline({}, {}) without a matching userOnline; ignored", name, userId, type);
                return;
            }
            if (--user.counts[type.ordinal()] == 0 && user.total() == 0) {
                online.remove(userId);
            }
            for (Route r : routes) {
                r.enqueueLocked(pdu);
            }
        }
    }

    private static int[] contacts(Collection<Integer> ids, int self) {
        if (ids == null || ids.isEmpty()) {
            return NO_CONTACTS;
        }
        int[] a = new int[ids.size()];
        int n = 0;
        for (Integer id : ids) {
            if (id != null && id != self) {
                a[n++] = id;
            }
        }
        Arrays.sort(a, 0, n);
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (m == 0 || a[i] != a[m - 1]) {
                a[m++] = a[i];
            }
        }
        if (m > MAX_CONTACTS) {
            log.warn("user {}: {} contacts, reporting the first {}", self, m, MAX_CONTACTS);
            m = MAX_CONTACTS;
        }
        return Arrays.copyOf(a, m);
    }

    // ---- relay ---------------------------------------------------------------------------------

    /**
     * Relays a PDU (already delivered to this msg-server's own connections) to the other
     * msg-servers holding any of {@code recipientIds}, through the active route-server. For a group
     * message name all members; each msg-server gets one envelope naming its own.
     *
     * @param body        the message as clients will see it (attach_data cleared)
     * @param clientClass {@link #CLASS_ALL}, {@link #CLASS_PC} or {@link #CLASS_MOBILE}
     * @return false only when no route-server link is up
     */
    public boolean relay(int commandId, MessageLite body, Collection<Integer> recipientIds, int clientClass) {
        RelayEnvelope.Builder b = RelayEnvelope.newBuilder()
                .setCommandId(commandId)
                .setBody(body.toByteString())
                .setClientClass(clientClass)
                .setSentAtMicros(nowMicros())
                .setOriginInstance(originInstance)
                .setRelayId(relayIds.incrementAndGet());
        for (Integer id : recipientIds) {
            b.addRecipientIds(id);
        }
        return sendVia(Pdu.push(InternalCommandId.CID_INTERNAL_RELAY, b.build()), true) != null;
    }

    /** Relays a PDU to every connection on every other msg-server; false when no link is up. */
    public boolean relayBroadcast(int commandId, MessageLite body) {
        RelayEnvelope envelope = RelayEnvelope.newBuilder()
                .setCommandId(commandId)
                .setBody(body.toByteString())
                .setBroadcast(true)
                .setSentAtMicros(nowMicros())
                .setOriginInstance(originInstance)
                .setRelayId(relayIds.incrementAndGet())
                .build();
        return sendVia(Pdu.push(InternalCommandId.CID_INTERNAL_RELAY, envelope), true) != null;
    }

    /** Sends through the active route, or the oldest other up link while the switch happens. */
    private Route sendViaActive(Pdu pdu) {
        return sendVia(pdu, false);
    }

    /** As {@link #sendViaActive}; {@code keep}: a relay, kept on its link for a resend if the link drops. */
    private Route sendVia(Pdu pdu, boolean keep) {
        Route r = active;
        if (r != null && r.send(pdu, keep)) {
            return r;
        }
        Route best = null;
        for (Route candidate : routes) {
            if (candidate.up && (best == null || candidate.upSinceNanos < best.upSinceNanos)) {
                best = candidate;
            }
        }
        if (best != null && best.send(pdu, keep)) {
            return best;
        }
        for (Route candidate : routes) {
            if (candidate.send(pdu, keep)) {
                return candidate;
            }
        }
        return null;
    }

    /** Sends the relays a dropped link had in flight through another route-server. */
    private void resend(Route dead, List<Pdu> inFlight) {
        if (inFlight.isEmpty() || closed) {
            return;
        }
        int sent = 0;
        for (Pdu p : inFlight) {
            if (sendVia(p, true) != null) {
                sent++;
            }
        }
        relaysRetried.add(sent);
        relaysNotRetried.add(inFlight.size() - sent);
        if (sent == inFlight.size()) {
            log.info("{}: resent {} relay(s) in flight on route-server {} through {}", name, sent, dead.target,
                    activeRoute());
        } else {
            log.warn("{}: {} relay(s) in flight on route-server {} could not be resent (no route-server link up; "
                    + "receivers get them by pull), {} resent", name, inFlight.size() - sent, dead.target, sent);
        }
    }

    /** Relays sent again through another route-server after their link dropped. */
    public long relaysRetried() {
        return relaysRetried.sum();
    }

    /** Relays in flight on a dropped link that no other link could take (receivers get them by pull). */
    public long relaysNotRetried() {
        return relaysNotRetried.sum();
    }

    /** Relays received a second time (through another route-server) and not handed on again. */
    public long duplicatesDropped() {
        return duplicatesDropped.sum();
    }

    // ---- status queries ------------------------------------------------------------------------

    /**
     * Asks the active route-server for the status of {@code userIds} (IMUsersStatReq 0x020a). The
     * answer has attach_data cleared; each UserStat also carries tt_online_classes (bit 1 PC,
     * bit 2 mobile). Fails with IllegalStateException when no link is up or the link carrying the
     * question drops, and with TimeoutException after {@link #REQUEST_TIMEOUT}.
     */
    public CompletableFuture<IMUsersStatRsp> usersStatus(int requesterId, List<Integer> userIds) {
        if (!closed && !anyUp()) {
            return CompletableFuture.failedFuture(new IllegalStateException("no route-server link is up"));
        }
        IMUsersStatReq req = IMUsersStatReq.newBuilder().setUserId(requesterId).addAllUserIdList(userIds).build();
        return requester.call(CommandId.CID_BUDDY_LIST_USERS_STATUS_REQUEST, req.toByteArray(), this::sendViaActive)
                .thenApply(reply -> {
                    try {
                        return reply.parse(IMUsersStatRsp.parser());
                    } catch (InvalidProtocolBufferException e) {
                        throw new CompletionException(e);
                    }
                });
    }

    // ---- state ---------------------------------------------------------------------------------

    /** Whether any route-server link is up. */
    public boolean anyUp() {
        for (Route r : routes) {
            if (r.up) {
                return true;
            }
        }
        return false;
    }

    /** host:port of the active route-server, or null when no link is up. */
    public String activeRoute() {
        Route r = active;
        return r == null ? null : r.target;
    }

    /** Users this client has reported online (for tests and health checks). */
    public int reportedUsers() {
        synchronized (lock) {
            return online.size();
        }
    }

    /**
     * Closes every link; pending status queries fail. Waits up to 2 s per link for its socket to
     * close, so call it from a shutdown path, not from an event loop.
     */
    @Override
    public void close() {
        closed = true;
        for (Route r : routes) {
            if (r.link != null) {
                r.link.close();
            }
        }
        requester.close();
    }

    /** Picks the link up longest; tells a new active route so and the old one it is standby. Holds the lock. */
    private void recomputeActiveLocked() {
        Route best = null;
        for (Route r : routes) {
            if (r.up && (best == null || r.upSinceNanos < best.upSinceNanos)) {
                best = r;
            }
        }
        Route old = active;
        active = best;
        if (best == old) {
            return;
        }
        if (best != null) {
            log.info("{}: active route-server is now {}{}", name, best.target, old == null ? "" : " (was " + old.target + ")");
            best.enqueueLocked(roleSet(true));
        } else if (!closed) {
            log.warn("{}: no route-server link is up; relays fail until one is", name);
        }
        if (old != null && old.up) {
            old.enqueueLocked(roleSet(false));
        }
    }

    private static Pdu roleSet(boolean master) {
        return Pdu.push(CommandId.CID_OTHER_ROLE_SET, IMRoleSet.newBuilder().setMaster(master ? 1 : 0).build());
    }

    static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }

    /** Builds snapshot frames of at most {@link #SNAPSHOT_FRAME_BUDGET} bytes, each naming whole users. */
    static List<Pdu> snapshotFrames(String name, List<UserCopy> users) {
        List<Pdu> frames = new ArrayList<>();
        IMOnlineUserInfo.Builder frame = IMOnlineUserInfo.newBuilder().setTtServerName(name);
        int size = 0;
        ClientType[] types = ClientType.values();
        List<ServerUserStat> entries = new ArrayList<>(4);
        for (UserCopy u : users) {
            entries.clear();
            int entriesSize = 0;
            for (int t = 0; t < types.length; t++) {
                for (int k = 0; k < u.counts[t]; k++) {
                    ServerUserStat.Builder s = ServerUserStat.newBuilder()
                            .setUserId(u.userId)
                            .setStatus(UserStatType.USER_STATUS_ONLINE)
                            .setClientType(types[t]);
                    if (entries.isEmpty()) {
                        for (int c : u.contacts) {
                            s.addTtContactIds(c);
                        }
                    }
                    ServerUserStat stat = s.build();
                    entries.add(stat);
                    entriesSize += stat.getSerializedSize() + 4;
                }
            }
            if (size > 0 && size + entriesSize > SNAPSHOT_FRAME_BUDGET) {
                frames.add(Pdu.push(CommandId.CID_OTHER_ONLINE_USER_INFO, frame.build()));
                frame = IMOnlineUserInfo.newBuilder().setTtServerName(name);
                size = 0;
            }
            frame.addAllUserStatList(entries);
            size += entriesSize;
        }
        frames.add(Pdu.push(CommandId.CID_OTHER_ONLINE_USER_INFO, frame.build()));
        return frames;
    }

    /** Connections of one user by ClientType ordinal, and the user's contacts. */
    private static final class OnlineUser {
        final int[] counts = new int[ClientType.values().length];
        int[] contacts = NO_CONTACTS;

        int total() {
            int n = 0;
            for (int c : counts) {
                n += c;
            }
            return n;
        }
    }

    /** A copy of one user's record taken under the lock (contact arrays are never changed in place). */
    static final class UserCopy {
        final int userId;
        final int[] counts;
        final int[] contacts;

        UserCopy(int userId, int[] counts, int[] contacts) {
            this.userId = userId;
            this.counts = counts;
            this.contacts = contacts;
        }
    }

    /** A relay sent on a link, and when. */
    private record InFlight(Pdu pdu, long sentNanos) {
    }

    /** One route-server: its link and when it came up. */
    private final class Route implements PduLink.Listener {
        final InetSocketAddress address;
        final String target;
        PduLink link;
        volatile boolean up;
        volatile long upSinceNanos;
        volatile Channel channel;
        /** Relays sent on this link within the retry window, oldest first; guarded by itself. */
        private final java.util.ArrayDeque<InFlight> inFlight = new java.util.ArrayDeque<>();
        /** Between linkUp and linkDown: relays may be kept; guarded by {@link #inFlight}. */
        private boolean keeping;

        Route(InetSocketAddress address) {
            this.address = address;
            this.target = address.getHostString() + ":" + address.getPort();
        }

        @Override
        public void linkUp(PduLink l, Channel ch) {
            synchronized (inFlight) {
                inFlight.clear();
                keeping = true;
            }
            synchronized (lock) {
                channel = ch;
                upSinceNanos = System.nanoTime();
                up = true;
                recomputeActiveLocked();
                if (active != this) {
                    enqueueLocked(roleSet(false));
                }
                List<UserCopy> copy = new ArrayList<>(online.size());
                online.forEach((id, u) -> copy.add(new UserCopy(id, u.counts.clone(), u.contacts)));
                // queued now, under the lock, on the link's writer: updates after this point follow it
                List<Pdu> frames = snapshotFrames(name, copy);
                io.teamtalkj.net.CoalescingWriter writer = io.teamtalkj.net.CoalescingWriter.of(ch);
                for (Pdu f : frames) {
                    writer.write(f);
                }
                log.info("{}: sending {} online users to route-server {} in {} frame(s)", name, copy.size(), target,
                        frames.size());
            }
        }

        @Override
        public void linkDown(PduLink l) {
            synchronized (lock) {
                up = false;
                channel = null;
                recomputeActiveLocked();
            }
            requester.linkDown(this, "route-server link " + target + " went down");
            resend(this, takeInFlight());
        }

        /** Stops keeping relays and hands over those still within the window. */
        private List<Pdu> takeInFlight() {
            synchronized (inFlight) {
                keeping = false;
                prune(System.nanoTime());
                List<Pdu> out = new ArrayList<>(inFlight.size());
                for (InFlight f : inFlight) {
                    out.add(f.pdu());
                }
                inFlight.clear();
                return out;
            }
        }

        /** Drops what is older than the window. Holds {@link #inFlight}. */
        private void prune(long now) {
            long window = retryWindow.toNanos();
            while (!inFlight.isEmpty() && now - inFlight.peekFirst().sentNanos() > window) {
                inFlight.pollFirst();
            }
        }

        /**
         * Queues a presence frame behind everything queued before it on this link's writer. Holds
         * the lock, which orders it with the snapshot.
         */
        void enqueueLocked(Pdu pdu) {
            Channel ch = channel;
            if (up && ch != null) {
                io.teamtalkj.net.CoalescingWriter.of(ch).write(pdu);
            }
        }

        boolean send(Pdu pdu, boolean keep) {
            Channel ch = channel;
            if (ch == null || !ch.isActive()) {
                return false;
            }
            if (keep) {
                // kept before the write: a drop racing it finds it here (or this send sees the drop)
                synchronized (inFlight) {
                    if (!keeping) {
                        return false;
                    }
                    long now = System.nanoTime();
                    prune(now);
                    if (inFlight.size() >= MAX_IN_FLIGHT) {
                        inFlight.pollFirst(); // a burst beyond the bound: the oldest is left to pull
                    }
                    inFlight.addLast(new InFlight(pdu, now));
                }
            }
            io.teamtalkj.net.CoalescingWriter.of(ch).write(pdu); // relays of one dbproxy answer leave together
            return true;
        }
    }

    /** Inbound frames from one route-server: envelopes for local delivery; status answers go to the requester. */
    private PduDispatcher inbound(Route route) {
        CommandRegistry registry = new CommandRegistry().register(InternalCommandId.CID_INTERNAL_RELAY,
                RelayEnvelope.parser(), (ctx, pdu, envelope) -> {
                    if (envelope.hasRelayId() && !seen.firstTime(envelope.getOriginInstance(), envelope.getRelayId())) {
                        duplicatesDropped.increment(); // resent through another route-server; handled already
                        return;
                    }
                    try {
                        handler.onRelay(envelope);
                    } catch (RuntimeException e) {
                        log.error("{}: handling a relay from route-server {} failed", name, route.target, e);
                    }
                });
        return new PduDispatcher(name + "->route " + route.target, registry) {
            @Override
            protected void notRegistered(ChannelHandlerContext ctx, Pdu pdu) {
                requester.complete(pdu);
            }

            /** One bad frame from a route-server is dropped; the link stays up. */
            @Override
            protected void malformedBody(ChannelHandlerContext ctx, Pdu pdu, InvalidProtocolBufferException e) {
                log.warn("{}: dropped malformed {} from route-server {}: {}", name, CommandId.name(pdu.commandId()),
                        route.target, e.getMessage());
            }
        };
    }
}
