package io.teamtalkj.pdu;

/**
 * The conversation key of design.md §4: one-to-one conversations key on the unordered user pair,
 * groups on the group id, per-user requests on the user; the high bits keep the three kinds apart.
 * msg-servers choose the dbproxy of a request by it ({@link #serverIndex}) and the dbproxy
 * chooses the storage worker by it ({@link #workerIndex}), so one conversation is stored in the
 * order it was sent.
 */
public final class Conversations {
    private static final long PAIR = 1L << 62;
    private static final long GROUP = 2L << 62;
    private static final long USER = 3L << 62;

    private Conversations() {
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
        return user(hint);
    }

    /**
     * Which of {@code servers} serves the key. Uses the high half of the mixed key and
     * {@link #workerIndex} the low half: were both the same function, a dbproxy chosen by
     * {@code h mod 2} would only ever see keys of half of its workers.
     */
    public static int serverIndex(long key, int servers) {
        return Math.floorMod((int) (mix(key) >>> 32), servers);
    }

    /** Which of {@code workers} serves the key (see {@link #serverIndex}). */
    public static int workerIndex(long key, int workers) {
        return Math.floorMod((int) mix(key), workers);
    }

    /** SplitMix64's finaliser: consecutive ids spread evenly and the two halves are independent. */
    private static long mix(long key) {
        long h = key;
        h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
        h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
        return h ^ (h >>> 31);
    }
}
