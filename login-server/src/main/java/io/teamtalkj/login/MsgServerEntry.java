package io.teamtalkj.login;

import com.mogujie.tt.protobuf.IMServer.IMMsgServInfo;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One registered msg-server as its last IMMsgServInfo described it, plus the user count that
 * IMUserCntUpdate moves. The count is the only mutable part; it is read by HTTP requests on
 * other event loops, hence atomic.
 */
public final class MsgServerEntry {
    private final String hostName;
    private final String ip1;
    private final String ip2;
    private final int port;
    private final String wsUrl;
    private final long maxConnCnt;
    private final String peer;
    private final long order;
    private final AtomicLong curConnCnt;

    MsgServerEntry(IMMsgServInfo info, String peer, long order) {
        this.hostName = info.getHostName();
        this.ip1 = info.getIp1();
        this.ip2 = info.getIp2();
        this.port = info.getPort();
        this.wsUrl = info.getWsUrl();
        // uint32 on the wire: a msg-server announcing more than 2^31 must not turn negative
        this.maxConnCnt = Integer.toUnsignedLong(info.getMaxConnCnt());
        this.curConnCnt = new AtomicLong(Integer.toUnsignedLong(info.getCurConnCnt()));
        this.peer = peer;
        this.order = order;
    }

    public String hostName() {
        return hostName;
    }

    /** The address clients should try first (TeamTalk's "telecom" address). */
    public String ip1() {
        return ip1;
    }

    /** The backup address (TeamTalk's "unicom" address). */
    public String ip2() {
        return ip2;
    }

    /** The msg-server's client port. */
    public int port() {
        return port;
    }

    /** Where browsers open a WebSocket to this msg-server; empty when it has none (issue 19). */
    public String wsUrl() {
        return wsUrl;
    }

    public long maxConnCnt() {
        return maxConnCnt;
    }

    public long curConnCnt() {
        return curConnCnt.get();
    }

    /** Where the msg-server's link comes from. */
    public String peer() {
        return peer;
    }

    /** Registration order; ties in the least-loaded choice go to the lower one. */
    public long order() {
        return order;
    }

    boolean full() {
        return curConnCnt.get() >= maxConnCnt;
    }

    /** Adds {@code delta}, never going below zero (a -1 for a user counted before a restart). */
    long adjust(int delta) {
        return curConnCnt.updateAndGet(c -> Math.max(0, c + delta));
    }

    @Override
    public String toString() {
        return hostName + "{" + ip1 + "/" + ip2 + ":" + port + ", users " + curConnCnt.get() + "/" + maxConnCnt
                + ", from " + peer + "}";
    }
}
