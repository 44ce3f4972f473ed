package io.teamtalkj.dbproxy.core;

/**
 * Keys that pick the worker of a request. One-to-one conversations key on the unordered user
 * pair, groups on the group id, per-user queries on the user. The high bits keep the three
 * kinds apart; msg-servers use the same keys to choose among several dbproxies.
 */
public final class OrderingKeys {
    private static final long PAIR = 1L << 62;
    private static final long GROUP = 2L << 62;
    private static final long USER = 3L << 62;

    private OrderingKeys() {
    }

    public static long pair(int userA, int userB) {
        long a = Integer.toUnsignedLong(Math.min(userA, userB));
        long b = Integer.toUnsignedLong(Math.max(userA, userB));
        return PAIR | (a << 31) ^ b;
    }

    public static long group(int groupId) {
        return GROUP | Integer.toUnsignedLong(groupId);
    }

    public static long user(int userId) {
        return USER | Integer.toUnsignedLong(userId);
    }

    /** For requests with no natural owner (directory queries): any worker. */
    public static long any(int hint) {
        return USER | Integer.toUnsignedLong(hint);
    }

    /** Worker index for a key: a mixed hash so consecutive ids spread evenly. */
    public static int slot(long key, int slots) {
        long h = key * 0x9E3779B97F4A7C15L;
        h ^= h >>> 32;
        return (int) Math.floorMod(h, (long) slots);
    }
}
