package io.teamtalkj.msgserver.session;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Messages delivered to one connection that its client has not acknowledged (0x0302) yet.
 * TeamTalk keeps the same list for 15 s for statistics only; so do we: delivery is repaired by the
 * client's unread/history pull, not by retransmission. Bounded, so a client that never acks
 * cannot grow it without limit.
 */
public final class UnackedDeliveries {
    static final int MAX_TRACKED = 4096;

    private final Map<Long, Long> sentAtNanos = new ConcurrentHashMap<>();

    /** Key of a message as the receiver will ack it: its session (peer or group) and msg_id. */
    public static long key(boolean group, int sessionId, int msgId) {
        return ((long) sessionId << 32 | (msgId & 0xffffffffL)) ^ (group ? 0x8000_0000_0000_0000L : 0);
    }

    /** Remembers a delivery; false when the list is full and the delivery goes untracked. */
    public boolean delivered(long key, long nowNanos) {
        if (sentAtNanos.size() >= MAX_TRACKED) {
            return false;
        }
        sentAtNanos.put(key, nowNanos);
        return true;
    }

    /** The client acked; true if the delivery was being tracked. */
    public boolean acked(long key) {
        return sentAtNanos.remove(key) != null;
    }

    /** Drops deliveries older than {@code timeoutNanos} and returns how many there were. */
    public int expire(long nowNanos, long timeoutNanos) {
        int expired = 0;
        for (Iterator<Long> it = sentAtNanos.values().iterator(); it.hasNext(); ) {
            if (nowNanos - it.next() >= timeoutNanos) {
                it.remove();
                expired++;
            }
        }
        return expired;
    }

    public int size() {
        return sentAtNanos.size();
    }
}
