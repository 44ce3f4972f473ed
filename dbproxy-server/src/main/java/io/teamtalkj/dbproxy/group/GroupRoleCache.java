package io.teamtalkj.dbproxy.group;

import io.teamtalkj.dbproxy.storage.RedisHashes;
import io.teamtalkj.dbproxy.storage.Storage;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Redis {@code group_role_<gid>} (user id → "admin,muteUntil", plus a marker field so a group
 * without admins or mutes is cached too): a cache of TTGroupMemberRole, like the member hash of
 * {@link io.teamtalkj.dbproxy.storage.GroupMembers}. A lost hash (Redis flushed or restarted
 * empty) is rebuilt from MySQL on the next read; writers replace it after their commit.
 */
public final class GroupRoleCache {
    private static final Logger log = LoggerFactory.getLogger(GroupRoleCache.class);
    private static final String MARKER = "_";

    private final Storage storage;

    public GroupRoleCache(Storage storage) {
        this.storage = storage;
    }

    public static String key(int groupId) {
        return "group_role_" + Integer.toUnsignedString(groupId);
    }

    public Map<Integer, MemberRole> roles(int groupId) throws SQLException {
        Map<String, String> cached = storage.redis().<String, String>getMap(key(groupId)).readAllMap();
        if (cached.containsKey(MARKER)) {
            Map<Integer, MemberRole> out = new LinkedHashMap<>();
            cached.forEach((k, v) -> {
                if (!k.equals(MARKER)) {
                    int comma = v.indexOf(',');
                    out.put(Integer.parseInt(k), new MemberRole(v.startsWith("1"), Long.parseLong(v.substring(comma + 1))));
                }
            });
            return out;
        }
        Map<Integer, MemberRole> roles;
        try (Connection c = storage.connection()) {
            roles = GroupGovernanceStore.roles(c, groupId);
        }
        // only if still missing: a writer's newer copy wins over this reader's
        RedisHashes.putAllIfAbsent(storage.redis(), key(groupId), fields(roles));
        return roles;
    }

    /** After a commit: the roles read in that transaction. A failure drops the hash (readers rebuild it). */
    public void replace(int groupId, Map<Integer, MemberRole> roles) {
        try {
            RedisHashes.replace(storage.redis(), key(groupId), fields(roles));
        } catch (RuntimeException e) {
            log.warn("group {}: rewriting the role hash failed, dropping it: {}", Integer.toUnsignedString(groupId), e.toString());
            try {
                storage.redis().getMap(key(groupId)).delete();
            } catch (RuntimeException again) {
                log.error("group {}: dropping the stale role hash failed too: {}", Integer.toUnsignedString(groupId),
                        again.toString());
            }
        }
    }

    private static Map<String, String> fields(Map<Integer, MemberRole> roles) {
        Map<String, String> out = new HashMap<>();
        out.put(MARKER, "1");
        roles.forEach((uid, r) -> out.put(Integer.toString(uid), (r.admin() ? "1" : "0") + "," + r.muteUntil()));
        return out;
    }

    /** Drops the hash after a change outside governance (readers rebuild it from MySQL). */
    public void invalidate(int groupId) {
        try {
            storage.redis().getMap(key(groupId)).delete();
        } catch (RuntimeException e) {
            log.warn("group {}: dropping the role hash failed: {}", Integer.toUnsignedString(groupId), e.toString());
        }
    }
}
