package io.teamtalkj.msgserver.db;

/**
 * Ordering keys for choosing a dbproxy: every request of one conversation goes to the same one,
 * so its messages are stored in the order they were sent (design.md §4).
 */
public final class Conversations {
    private Conversations() {
    }

    public static long pair(int a, int b) {
        int lo = Math.min(a, b);
        int hi = Math.max(a, b);
        return ((long) lo << 32) | (hi & 0xffffffffL);
    }

    public static long group(int groupId) {
        return (1L << 62) | (groupId & 0xffffffffL);
    }

    public static long user(int userId) {
        return userId & 0xffffffffL;
    }
}
