package io.teamtalkj.msgserver.session;

/**
 * Messages a connection sent in the current second, TeamTalk's per-connection limit. Used only
 * on the connection's event loop.
 */
public final class RateWindow {
    private long second = -1;
    private int count;

    /** Counts one message at {@code nowMillis}; false when it exceeds {@code limit} (0 = no limit). */
    public boolean tryAcquire(long nowMillis, int limit) {
        if (limit <= 0) {
            return true;
        }
        long s = nowMillis / 1000;
        if (s != second) {
            second = s;
            count = 0;
        }
        if (count >= limit) {
            return false;
        }
        count++;
        return true;
    }
}
