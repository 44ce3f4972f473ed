package io.teamtalkj.dbproxy.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.redisson.api.RMap;

/**
 * Per-user group push mutes. TeamTalk kept them only in Redis ({@code group_set_<gid>}, field
 * {@code "<uid>_1"} = "0"/"1"); here TTGroupShield (V4) is the truth and that hash is its cache,
 * so a Redis flush no longer un-mutes everybody.
 *
 * <p>The cached hash always carries the field {@code "0_1"} (user 0 does not exist; TeamTalk
 * code reading the hash sees an unmuted non-user), so "no hash" means "not cached" and the
 * common case of a group without mutes costs one HMGET, not a MySQL query per group message.
 * A hash TeamTalk wrote (without that field) is replaced by the MySQL state on first use.
 */
public final class GroupShields {
    static final String CACHED_FIELD = RedisKeys.groupShieldField(0);

    private GroupShields() {
    }

    /** Mute status (1 muted, 0 not) of each user in the group; users never set are 0. One HMGET. */
    public static Map<Integer, Integer> statuses(Storage storage, int groupId, Collection<Integer> users)
            throws SQLException {
        Set<String> fields = new LinkedHashSet<>();
        fields.add(CACHED_FIELD);
        for (int user : users) {
            fields.add(RedisKeys.groupShieldField(user));
        }
        RMap<String, String> hash = storage.redis().getMap(RedisKeys.groupSet(groupId));
        Map<String, String> cached = hash.getAll(fields);
        Map<Integer, Integer> out = new LinkedHashMap<>();
        if (cached.containsKey(CACHED_FIELD)) {
            for (int user : users) {
                out.put(user, parse(cached.get(RedisKeys.groupShieldField(user))));
            }
            return out;
        }
        Map<Integer, Integer> all;
        try (Connection c = storage.connection()) {
            all = load(c, groupId);
        }
        // a reader only fills a hash without our field (missing, or written by TeamTalk): a
        // concurrent writer's newer copy carries the field and wins
        RedisHashes.replaceUnlessField(storage.redis(), RedisKeys.groupSet(groupId), CACHED_FIELD, asFields(all));
        for (int user : users) {
            out.put(user, all.getOrDefault(user, 0));
        }
        return out;
    }

    /**
     * Sets a user's mute (0 or 1) in MySQL, then rewrites the group's Redis hash from MySQL in
     * one atomic step. Callers should serialize writes per group (ordering key of the group).
     */
    public static void set(Storage storage, int groupId, int userId, int status, int now) throws SQLException {
        Map<Integer, Integer> all;
        try (Connection c = storage.connection()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO TTGroupShield (groupId, userId, shield, updated) VALUES (?,?,?,?) "
                            + "ON DUPLICATE KEY UPDATE shield=VALUES(shield), updated=VALUES(updated)")) {
                ps.setInt(1, groupId);
                ps.setInt(2, userId);
                ps.setInt(3, status);
                ps.setInt(4, now);
                ps.executeUpdate();
            }
            all = load(c, groupId);
        }
        RedisHashes.replace(storage.redis(), RedisKeys.groupSet(groupId), asFields(all));
    }

    /** Mutes stored for a group, user id → 0/1. */
    public static Map<Integer, Integer> load(Connection c, int groupId) throws SQLException {
        Map<Integer, Integer> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT userId, shield FROM TTGroupShield WHERE groupId=?")) {
            ps.setInt(1, groupId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getInt(1), rs.getInt(2) != 0 ? 1 : 0);
                }
            }
        }
        return out;
    }

    private static Map<String, String> asFields(Map<Integer, Integer> all) {
        Map<String, String> fields = new HashMap<>();
        fields.put(CACHED_FIELD, "0");
        all.forEach((user, status) -> fields.put(RedisKeys.groupShieldField(user), Integer.toString(status)));
        return fields;
    }

    private static int parse(String value) {
        if (value == null) {
            return 0;
        }
        try {
            return Integer.parseInt(value.trim()) != 0 ? 1 : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
