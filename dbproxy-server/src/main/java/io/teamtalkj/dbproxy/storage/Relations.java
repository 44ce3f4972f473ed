package io.teamtalkj.dbproxy.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * IMRelationShip: one row per unordered user pair, whose id (relateId) keys the pair's messages
 * and msg_id counter. A relation never changes once created, so ids are cached forever.
 */
public final class Relations {
    private final ConcurrentHashMap<Long, Long> cache = new ConcurrentHashMap<>();

    private static long pairKey(int a, int b) {
        long small = Integer.toUnsignedLong(Math.min(a, b));
        long big = Integer.toUnsignedLong(Math.max(a, b));
        return small << 32 | big;
    }

    /** The relation id, or 0 if the two users never exchanged a message. */
    public long find(Connection c, int userA, int userB) throws SQLException {
        Long cached = cache.get(pairKey(userA, userB));
        if (cached != null) {
            return cached;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM IMRelationShip WHERE smallId=? AND bigId=?")) {
            ps.setInt(1, Math.min(userA, userB));
            ps.setInt(2, Math.max(userA, userB));
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    long id = rs.getLong(1);
                    cache.put(pairKey(userA, userB), id);
                    return id;
                }
            }
        }
        return 0;
    }

    /** The relation id, creating the row if needed (safe under races thanks to the unique key). */
    public long findOrCreate(Connection c, int userA, int userB, int now) throws SQLException {
        long id = find(c, userA, userB);
        if (id != 0) {
            return id;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT IGNORE INTO IMRelationShip (smallId, bigId, status, created, updated) VALUES (?,?,0,?,?)")) {
            ps.setInt(1, Math.min(userA, userB));
            ps.setInt(2, Math.max(userA, userB));
            ps.setInt(3, now);
            ps.setInt(4, now);
            ps.executeUpdate();
        }
        id = find(c, userA, userB);
        if (id == 0) {
            throw new SQLException("relation " + userA + "/" + userB + " missing right after insert");
        }
        return id;
    }

    /** Drops cached ids; only needed when a relation row could have been rolled back. */
    public void forget(int userA, int userB) {
        cache.remove(pairKey(userA, userB));
    }

    /** Shard table of a relation's messages, as TeamTalk lays them out. */
    public static String messageTable(long relateId) {
        return "IMMessage_" + (relateId % 8);
    }

    public static String groupMessageTable(int groupId) {
        return "IMGroupMessage_" + (Integer.toUnsignedLong(groupId) % 8);
    }
}
