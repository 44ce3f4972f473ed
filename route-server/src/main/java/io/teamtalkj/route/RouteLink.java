package io.teamtalkj.route;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.net.SocketAddress;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * One msg-server's link to this route-server. Its presence bookkeeping ({@link #users}, the
 * connection counts) is written only on the link's own event loop, by the updates and snapshots
 * that arrive on it and by its removal when it closes; relays from other links only write to its
 * channel and bump its LongAdders.
 */
public final class RouteLink {
    static final AttributeKey<RouteLink> KEY = AttributeKey.valueOf("teamtalk.routeLink");

    private final int id;
    private final Channel channel;
    private final long connectedAtMillis = System.currentTimeMillis();
    private volatile String name;
    /** IMRoleSet from the msg-server: this route-server is its active one and sends it notifications. */
    private volatile boolean master;

    /** Users with at least one connection on this link; event-loop confined. */
    final Set<Integer> users = new HashSet<>();
    volatile int userCount;
    volatile int pcConnections;
    volatile int mobileConnections;

    final LongAdder envelopesIn = new LongAdder();
    final LongAdder bytesIn = new LongAdder();
    final LongAdder envelopesOut = new LongAdder();
    final LongAdder bytesOut = new LongAdder();
    final LongAdder statusUpdates = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final LongAdder dropped = new LongAdder();

    public RouteLink(int id, Channel channel) {
        this.id = id;
        this.channel = channel;
        SocketAddress remote = channel.remoteAddress();
        this.name = remote == null ? "link-" + id : remote.toString().replaceFirst("^/", "");
    }

    /** The link a channel belongs to, or null. */
    static RouteLink of(Channel channel) {
        return channel.attr(KEY).get();
    }

    public int id() {
        return id;
    }

    public Channel channel() {
        return channel;
    }

    /** The msg-server's instance name once its snapshot named it, else its address. */
    public String name() {
        return name;
    }

    void name(String newName) {
        this.name = newName;
    }

    public String remoteAddress() {
        SocketAddress remote = channel.remoteAddress();
        return remote == null ? "" : remote.toString().replaceFirst("^/", "");
    }

    public long connectedAtMillis() {
        return connectedAtMillis;
    }

    public boolean master() {
        return master;
    }

    void master(boolean isMaster) {
        this.master = isMaster;
    }

    public int userCount() {
        return userCount;
    }

    public int pcConnections() {
        return pcConnections;
    }

    public int mobileConnections() {
        return mobileConnections;
    }

    public long envelopesIn() {
        return envelopesIn.sum();
    }

    public long bytesIn() {
        return bytesIn.sum();
    }

    public long envelopesOut() {
        return envelopesOut.sum();
    }

    public long bytesOut() {
        return bytesOut.sum();
    }

    public long statusUpdates() {
        return statusUpdates.sum();
    }

    /** PDUs from this link that were malformed or unknown (logged and dropped). */
    public long rejected() {
        return rejected.sum();
    }

    /** Relays to this link not sent because its backlog was full or it had closed. */
    public long dropped() {
        return dropped.sum();
    }

    @Override
    public String toString() {
        return name + "#" + id;
    }
}
