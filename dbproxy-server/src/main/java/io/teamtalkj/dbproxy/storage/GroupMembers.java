package io.teamtalkj.dbproxy.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.redisson.api.RMap;

/**
 * Group membership: Redis {@code group_member_<gid>} (user id → join time) is a cache of
 * IMGroupMember. When Redis has lost the hash it is reloaded from MySQL, so a Redis flush never
 * makes a group "invalid" as it did in TeamTalk.
 */
public final class GroupMembers {
    private final Storage storage;

    public GroupMembers(Storage storage) {
        this.storage = storage;
    }

    /** Members and their join times; empty if the group does not exist or was deleted. */
    public Map<Integer, Integer> members(int groupId) throws SQLException {
        RMap<String, String> hash = storage.redis().getMap(RedisKeys.groupMember(groupId));
        Map<String, String> cached = hash.readAllMap();
        if (!cached.isEmpty()) {
            Map<Integer, Integer> out = new LinkedHashMap<>();
            cached.forEach((k, v) -> out.put(Integer.parseInt(k), Integer.parseInt(v)));
            return out;
        }
        return loadIfMissing(groupId);
    }

    public boolean isMember(int groupId, int userId) throws SQLException {
        RMap<String, String> hash = storage.redis().getMap(RedisKeys.groupMember(groupId));
        if (hash.isExists()) {
            return hash.containsKey(Integer.toString(userId));
        }
        return loadIfMissing(groupId).containsKey(userId);
    }

    /** Reads the members from MySQL and rewrites the Redis hash (atomically, see {@link #replace}). */
    public Map<Integer, Integer> reload(int groupId) throws SQLException {
        Map<Integer, Integer> members;
        try (Connection c = storage.connection()) {
            members = load(c, groupId);
        }
        replace(groupId, members);
        return members;
    }

    /**
     * A reader's reload: the MySQL rows are written to Redis only if the hash is still missing.
     * A reader on another worker may have read MySQL before a membership change committed; if
     * the changer's {@link #replace} already ran, that older copy must not overwrite it.
     */
    private Map<Integer, Integer> loadIfMissing(int groupId) throws SQLException {
        Map<Integer, Integer> members;
        try (Connection c = storage.connection()) {
            members = load(c, groupId);
        }
        if (!members.isEmpty()) {
            RedisHashes.putAllIfAbsent(storage.redis(), RedisKeys.groupMember(groupId), asStrings(members));
        }
        return members;
    }

    /**
     * Writes the member hash in one atomic step (DEL + HSET in a script), so concurrent readers
     * never see a half-written or empty hash. Writers call this after their transaction
     * committed, with the members read inside that transaction.
     */
    public void replace(int groupId, Map<Integer, Integer> members) {
        RedisHashes.replace(storage.redis(), RedisKeys.groupMember(groupId), asStrings(members));
    }

    private static Map<String, String> asStrings(Map<Integer, Integer> members) {
        Map<String, String> out = new HashMap<>();
        members.forEach((k, v) -> out.put(k.toString(), v.toString()));
        return out;
    }

    /** Members of a live group, straight from MySQL (join time = the member row's created). */
    public static Map<Integer, Integer> load(Connection c, int groupId) throws SQLException {
        Map<Integer, Integer> members = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT m.userId, m.created FROM IMGroupMember m JOIN IMGroup g ON g.id = m.groupId "
                        + "WHERE m.groupId=? AND m.status=0 AND g.status=0 ORDER BY m.id")) {
            ps.setInt(1, groupId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    members.put(rs.getInt(1), rs.getInt(2));
                }
            }
        }
        return members;
    }

    /**
     * Drops the cached hash so the next read reloads it. Prefer {@link #replace} after a change:
     * a reader that loaded MySQL just before the change committed can re-cache its older copy
     * after a plain invalidate.
     */
    public void invalidate(int groupId) {
        storage.redis().getMap(RedisKeys.groupMember(groupId)).delete();
    }
}
