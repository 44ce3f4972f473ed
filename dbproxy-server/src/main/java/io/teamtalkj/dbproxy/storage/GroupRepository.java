package io.teamtalkj.dbproxy.storage;

import com.mogujie.tt.protobuf.IMBaseDefine.GroupModifyType;
import com.mogujie.tt.protobuf.IMBaseDefine.GroupType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group rows (IMGroup, IMGroupMember, the members' group IMRecentSession rows) for the dbproxy
 * handlers and the admin service. Every SQL method takes a {@link Connection} and leaves the
 * transaction to the caller: run it with auto-commit off, commit, and only then call the
 * matching {@code cacheAfter...} method, so Redis never shows an uncommitted change.
 *
 * <p>Rules kept here so every entry point enforces the same ones:
 * <ul>
 *   <li>Operator 0 is the internal/admin super-user: always allowed, never added as a member.</li>
 *   <li>Adding to a temporary group needs a member (TeamTalk let anyone add); adding to a normal
 *       group needs the creator.</li>
 *   <li>Removing others needs the creator; anyone may remove themselves.</li>
 *   <li>Every user id given must exist in IMUser; otherwise the whole request is refused and
 *       nothing changes (the reply has no way to say "these ids were dropped").</li>
 *   <li>Membership changes bump IMGroup.version (clients re-fetch group info by version) and
 *       keep IMGroup.userCnt equal to the number of active members.</li>
 * </ul>
 */
public final class GroupRepository {
    private static final Logger log = LoggerFactory.getLogger(GroupRepository.class);

    /** IMGroup.name and avatar are varchar(256) (characters, not bytes). */
    public static final int MAX_NAME_CHARS = 256;
    public static final int MAX_AVATAR_CHARS = 256;
    /** User ids accepted in one create/add/remove (keeps IN lists and replies bounded). */
    public static final int MAX_IDS_PER_REQUEST = 2000;

    private static final String COLUMNS = "id, name, avatar, creator, type, userCnt, status, version, created, updated";
    private static final String G_COLUMNS = "g.id, g.name, g.avatar, g.creator, g.type, g.userCnt, g.status, g.version, "
            + "g.created, g.updated";

    private GroupRepository() {
    }

    /** A request was refused (bad input, no permission, unknown group or user); nothing changed. */
    public static final class Refused extends Exception {
        public Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    /** One IMGroup row. {@code type} is the raw column (1 normal, 2 temporary). */
    public record GroupRow(int id, String name, String avatar, int creator, int type, int userCnt, int status,
                           int version, int created, int updated) {
        public boolean isTemporary() {
            return type == GroupType.GROUP_TYPE_TMP_VALUE;
        }

        /** The wire enum; a value outside TeamTalk's two is shown as a normal group. */
        public GroupType groupType() {
            GroupType t = GroupType.forNumber(type);
            return t != null ? t : GroupType.GROUP_TYPE_NORMAL;
        }
    }

    /** What a new group looks like; {@code creator} 0 = created by the admin service. */
    public record NewGroup(int creator, GroupType type, String name, String avatar, Collection<Integer> members) {
    }

    /** A created group: its id and de-duplicated members (in request order, creator included). */
    public record Created(int groupId, List<Integer> members, int joinTime) {
    }

    /**
     * The outcome of an add/remove. {@code changed} are the users whose membership actually
     * changed (empty if the request changed nothing, in which case the version stays);
     * {@code members} are the members afterwards with their join times.
     */
    public record Change(int groupId, GroupModifyType type, List<Integer> changed, Map<Integer, Integer> members,
                         int version, long lastMsgId) {
    }

    /** A group of a user's list with its version. */
    public record GroupVersion(int groupId, int version) {
    }

    // ------------------------------------------------------------------------------ reading

    /** The group row, or empty if there is none (deleted groups are returned, check status). */
    public static Optional<GroupRow> find(Connection c, int groupId) throws SQLException {
        return Optional.ofNullable(findGroups(c, List.of(groupId), false).get(groupId));
    }

    /** Live (status 0) groups among the ids, one query. */
    public static Map<Integer, GroupRow> findLiveGroups(Connection c, Collection<Integer> groupIds) throws SQLException {
        return findGroups(c, groupIds, true);
    }

    private static Map<Integer, GroupRow> findGroups(Connection c, Collection<Integer> groupIds, boolean liveOnly)
            throws SQLException {
        Map<Integer, GroupRow> out = new LinkedHashMap<>();
        if (groupIds.isEmpty()) {
            return out;
        }
        List<Integer> ids = new ArrayList<>(new LinkedHashSet<>(groupIds));
        String sql = "SELECT " + COLUMNS + " FROM IMGroup WHERE id IN ("
                + placeholders(ids.size()) + ")" + (liveOnly ? " AND status=0" : "");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, 1, ids);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    GroupRow g = row(rs);
                    out.put(g.id(), g);
                }
            }
        }
        return out;
    }

    /** Locks the group row for the rest of the transaction (serializes concurrent changes). */
    public static Optional<GroupRow> lock(Connection c, int groupId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM IMGroup WHERE id=? FOR UPDATE")) {
            ps.setInt(1, groupId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    private static GroupRow row(ResultSet rs) throws SQLException {
        return new GroupRow(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getInt(5),
                rs.getInt(6), rs.getInt(7), rs.getInt(8), (int) rs.getLong(9), (int) rs.getLong(10));
    }

    /**
     * Groups by id, at most {@code limit}: every group, or those {@code memberId} is an active member
     * of (when not 0); deleted groups only if {@code includeDeleted}.
     */
    public static List<GroupRow> list(Connection c, int memberId, boolean includeDeleted, int limit)
            throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT ").append(G_COLUMNS).append(" FROM IMGroup g");
        if (memberId != 0) {
            sql.append(" JOIN IMGroupMember m ON m.groupId=g.id AND m.userId=? AND m.status=0");
        }
        if (!includeDeleted) {
            sql.append(" WHERE g.status=0");
        }
        sql.append(" ORDER BY g.id LIMIT ?");
        List<GroupRow> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = 1;
            if (memberId != 0) {
                ps.setInt(i++, memberId);
            }
            ps.setInt(i, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
        }
        return out;
    }

    /** The active members of each group (deleted groups too), ordered by user id; one query. */
    public static Map<Integer, List<Integer>> memberIds(Connection c, Collection<Integer> groupIds) throws SQLException {
        Map<Integer, List<Integer>> out = new LinkedHashMap<>();
        if (groupIds.isEmpty()) {
            return out;
        }
        List<Integer> ids = new ArrayList<>(new LinkedHashSet<>(groupIds));
        try (PreparedStatement ps = c.prepareStatement("SELECT groupId, userId FROM IMGroupMember WHERE status=0"
                + " AND groupId IN (" + placeholders(ids.size()) + ") ORDER BY groupId, userId")) {
            bind(ps, 1, ids);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getInt(1), g -> new ArrayList<>()).add(rs.getInt(2));
                }
            }
        }
        return out;
    }

    /**
     * The live groups a user is an active member of, with versions, ordered by id; {@code type}
     * null = every type. One query.
     */
    public static List<GroupVersion> listGroups(Connection c, int userId, GroupType type) throws SQLException {
        String sql = "SELECT g.id, g.version FROM IMGroupMember m JOIN IMGroup g ON g.id = m.groupId "
                + "WHERE m.userId=? AND m.status=0 AND g.status=0" + (type != null ? " AND g.type=?" : "")
                + " ORDER BY g.id";
        List<GroupVersion> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, userId);
            if (type != null) {
                ps.setInt(2, type.getNumber());
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new GroupVersion(rs.getInt(1), rs.getInt(2)));
                }
            }
        }
        return out;
    }

    /** The ids among {@code userIds} that exist in IMUser (any status), one query. */
    public static Set<Integer> existingUsers(Connection c, Collection<Integer> userIds) throws SQLException {
        Set<Integer> out = new HashSet<>();
        if (userIds.isEmpty()) {
            return out;
        }
        List<Integer> ids = new ArrayList<>(new LinkedHashSet<>(userIds));
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM IMUser WHERE id IN (" + placeholders(ids.size()) + ")")) {
            bind(ps, 1, ids);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getInt(1));
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------------------ create

    /**
     * Inserts the group (version 1, status 0), its members (status 0, joined now) and a group
     * session row for every member, so the group shows up in their recent sessions.
     *
     * @throws Refused blank or too long name, too long avatar, no members, unknown user ids
     */
    public static Created createGroup(Connection c, NewGroup g, int now) throws SQLException, Refused {
        String name = g.name() == null ? "" : g.name();
        String avatar = g.avatar() == null ? "" : g.avatar();
        if (name.isBlank()) {
            throw new Refused("group name is empty");
        }
        if (name.codePointCount(0, name.length()) > MAX_NAME_CHARS) {
            throw new Refused("group name longer than " + MAX_NAME_CHARS + " characters");
        }
        if (avatar.codePointCount(0, avatar.length()) > MAX_AVATAR_CHARS) {
            throw new Refused("group avatar longer than " + MAX_AVATAR_CHARS + " characters");
        }
        if (g.type() == null) {
            throw new Refused("group type missing");
        }
        if (g.members() == null || g.members().isEmpty()) {
            throw new Refused("member list is empty");
        }
        LinkedHashSet<Integer> members = new LinkedHashSet<>(g.members());
        if (g.creator() != 0) {
            members.add(g.creator());
        }
        checkIds(c, members);

        int groupId = insertGroup(c, name, avatar, g.creator(), g.type().getNumber(), members.size(), now);
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO IMGroupMember (groupId, userId, status, created, updated) VALUES (?,?,0,?,?)")) {
            for (int user : members) {
                ps.setInt(1, groupId);
                ps.setInt(2, user);
                ps.setInt(3, now);
                ps.setInt(4, now);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        openSessions(c, groupId, members, now);
        return new Created(groupId, List.copyOf(members), now);
    }

    /** Inserts a live IMGroup row at version 1 (members are added separately) and returns its id. */
    public static int insertGroup(Connection c, String name, String avatar, int creator, int type, int userCnt, int now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO IMGroup (name, avatar, creator, type, userCnt, status, version, lastChated, updated, created) "
                        + "VALUES (?,?,?,?,?,0,1,0,?,?)", Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, name);
            ps.setString(2, avatar);
            ps.setInt(3, creator);
            ps.setInt(4, type);
            ps.setInt(5, userCnt);
            ps.setInt(6, now);
            ps.setInt(7, now);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getInt(1);
            }
        }
    }

    /**
     * After the create committed: the Redis member hash and {@code {g:<gid>}msg_id} = "0"
     * (TeamTalk's keys). A failure here only costs a MySQL reload later.
     */
    public static void cacheAfterCreate(RedissonClient redis, GroupMembers groupMembers, Created created) {
        try {
            Map<Integer, Integer> joined = new LinkedHashMap<>();
            for (int user : created.members()) {
                joined.put(user, created.joinTime());
            }
            groupMembers.replace(created.groupId(), joined);
            redis.<String>getBucket(RedisKeys.groupMsgId(created.groupId())).set("0");
        } catch (RuntimeException e) {
            log.warn("group {} created, but caching it in Redis failed: {}", created.groupId(), e.toString());
        }
    }

    // ------------------------------------------------------------------------------ change

    /**
     * Adds users (re-activating members who had left, with join time = now: the join time limits
     * what history they can read). Locks the group row. Added users get their group session
     * back and a read position at the group's last message (nothing older counts as unread).
     *
     * @param operator the requesting user; 0 = internal/admin (always allowed)
     * @throws Refused unknown/deleted group, no permission, unknown user ids, empty list
     */
    public static Change addMembers(Connection c, int operator, int groupId, Collection<Integer> users, int now)
            throws SQLException, Refused {
        return change(c, operator, groupId, GroupModifyType.GROUP_MODIFY_TYPE_ADD, users, now);
    }

    /**
     * Removes users (member row status 1, their group session marked removed). Locks the group
     * row.
     *
     * @param operator the requesting user; 0 = internal/admin (always allowed)
     * @throws Refused unknown/deleted group, removing someone else without being the creator
     */
    public static Change removeMembers(Connection c, int operator, int groupId, Collection<Integer> users, int now)
            throws SQLException, Refused {
        return change(c, operator, groupId, GroupModifyType.GROUP_MODIFY_TYPE_DEL, users, now);
    }

    /** {@link #addMembers} or {@link #removeMembers} by modify type. */
    public static Change change(Connection c, int operator, int groupId, GroupModifyType type,
                                Collection<Integer> users, int now) throws SQLException, Refused {
        if (users == null || users.isEmpty()) {
            throw new Refused("member list is empty");
        }
        LinkedHashSet<Integer> targets = new LinkedHashSet<>(users);
        if (targets.size() > MAX_IDS_PER_REQUEST) {
            throw new Refused("more than " + MAX_IDS_PER_REQUEST + " user ids");
        }
        GroupRow group = lock(c, groupId).filter(g -> g.status() == 0)
                .orElseThrow(() -> new Refused("group " + groupId + " does not exist"));
        Map<Integer, Integer> before = GroupMembers.load(c, groupId);
        String denied = permission(group, operator, before.containsKey(operator), type, targets);
        if (denied != null) {
            throw new Refused(denied);
        }
        List<Integer> changed = new ArrayList<>();
        if (type == GroupModifyType.GROUP_MODIFY_TYPE_ADD) {
            checkIds(c, targets);
            for (int user : targets) {
                if (!before.containsKey(user)) {
                    changed.add(user);
                }
            }
        } else {
            for (int user : targets) {
                if (before.containsKey(user)) {
                    changed.add(user);
                }
            }
        }
        if (changed.isEmpty()) {
            return new Change(groupId, type, List.of(), before, group.version(), 0);
        }
        long lastMsgId = 0;
        if (type == GroupModifyType.GROUP_MODIFY_TYPE_ADD) {
            joinMembers(c, groupId, changed, now);
            openSessions(c, groupId, changed, now);
            lastMsgId = MessageReader.maxId(c, Conversation.group(groupId, 0));
            ReadPositions.advanceGroup(c, groupId, changed, lastMsgId, now);
        } else {
            leave(c, groupId, changed, now);
        }
        Map<Integer, Integer> after = GroupMembers.load(c, groupId);
        bumpVersion(c, groupId, after.size(), now);
        return new Change(groupId, type, List.copyOf(changed), after, group.version() + 1, lastMsgId);
    }

    /** Ends the users' membership (member row status 1) and, as TeamTalk does, their group session. */
    public static void leave(Connection c, int groupId, List<Integer> users, int now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE IMGroupMember SET status=1, updated=? "
                + "WHERE groupId=? AND status=0 AND userId IN (" + placeholders(users.size()) + ")")) {
            ps.setInt(1, now);
            ps.setInt(2, groupId);
            bind(ps, 3, users);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE IMRecentSession SET status=1, updated=? "
                + "WHERE peerId=? AND type=2 AND userId IN (" + placeholders(users.size()) + ")")) {
            ps.setInt(1, now);
            ps.setInt(2, groupId);
            bind(ps, 3, users);
            ps.executeUpdate();
        }
    }

    /** A membership change: next version, the new member count. */
    public static void bumpVersion(Connection c, int groupId, int userCnt, int now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE IMGroup SET version=version+1, userCnt=?, updated=? WHERE id=?")) {
            ps.setInt(1, userCnt);
            ps.setInt(2, now);
            ps.setInt(3, groupId);
            ps.executeUpdate();
        }
    }

    /**
     * After an operator's change committed: drops the member hash (readers reload it from MySQL)
     * and starts added users' group snapshot at the group's last message; a new group also loses
     * any msg-id counters a previous group with a reused id left behind. Failures are logged: MySQL
     * is committed and these keys are caches that heal from it.
     */
    public static void cacheAfterAdminChange(RedissonClient redis, GroupMembers groupMembers, int groupId,
                                             Collection<Integer> added, long lastMsgId, boolean created) {
        groupMembers.invalidate(groupId);
        try {
            RBatch batch = redis.createBatch(BatchOptions.defaults());
            if (created) {
                batch.getBucket(RedisKeys.groupMsgId(groupId)).deleteAsync();
                batch.getMap(RedisKeys.groupMsgCount(groupId)).deleteAsync();
            }
            if (lastMsgId > 0) {
                for (int uid : added) {
                    batch.<String, String>getMap(RedisKeys.userGroupCount(uid, groupId))
                            .fastPutAsync(RedisKeys.COUNT_FIELD, Long.toString(lastMsgId));
                }
            }
            batch.execute();
        } catch (RuntimeException e) {
            log.warn("Redis update after changing group {} failed: {}", Integer.toUnsignedString(groupId), e.toString());
        }
    }

    /**
     * Why {@code operator} may not apply {@code type} to {@code targets}, or null if allowed.
     * See the class comment for the rules.
     */
    public static String permission(GroupRow group, int operator, boolean operatorIsMember, GroupModifyType type,
                                    Collection<Integer> targets) {
        if (operator == 0) {
            return null;
        }
        if (type == GroupModifyType.GROUP_MODIFY_TYPE_ADD) {
            if (group.isTemporary()) {
                return operatorIsMember ? null : "user " + operator + " is not a member of group " + group.id();
            }
            return operator == group.creator() ? null
                    : "only the creator may add members to fixed group " + group.id();
        }
        if (operator == group.creator()) {
            return null;
        }
        for (int target : targets) {
            if (target != operator) {
                return "only the creator of group " + group.id() + " may remove other members (user " + operator
                        + " tried to remove " + target + ")";
            }
        }
        return null;
    }

    /**
     * After a change committed: rewrites the Redis member hash atomically and, for added users,
     * TeamTalk's group unread snapshot ({@code {g:<gid>}<uid>_im_user_group}). If the hash cannot be
     * rewritten it is dropped, so the next read reloads from MySQL.
     */
    public static void cacheAfterChange(RedissonClient redis, GroupMembers groupMembers, Change change) {
        if (change.changed().isEmpty()) {
            return;
        }
        try {
            groupMembers.replace(change.groupId(), change.members());
        } catch (RuntimeException e) {
            log.error("group {} changed, but rewriting its member hash failed: {}", change.groupId(), e.toString());
            try {
                groupMembers.invalidate(change.groupId());
            } catch (RuntimeException again) {
                log.error("group {}: dropping the stale member hash failed too: {}", change.groupId(), again.toString());
            }
            return;
        }
        if (change.type() == GroupModifyType.GROUP_MODIFY_TYPE_ADD) {
            try {
                for (int user : change.changed()) {
                    redis.<String, String>getMap(RedisKeys.userGroupCount(user, change.groupId()))
                            .fastPut(RedisKeys.COUNT_FIELD, Long.toString(change.lastMsgId()));
                }
            } catch (RuntimeException e) {
                log.warn("group {}: unread snapshots of added members not set: {}", change.groupId(), e.toString());
            }
        }
    }

    // ------------------------------------------------------------------------------ helpers

    private static void checkIds(Connection c, Collection<Integer> ids) throws SQLException, Refused {
        if (ids.size() > MAX_IDS_PER_REQUEST) {
            throw new Refused("more than " + MAX_IDS_PER_REQUEST + " user ids");
        }
        Set<Integer> known = existingUsers(c, ids);
        if (known.size() != new HashSet<>(ids).size()) {
            Set<Integer> unknown = new TreeSet<>(ids);
            unknown.removeAll(known);
            throw new Refused("unknown user ids " + unknown);
        }
    }

    /**
     * New members and returning ones (status 1 -> 0); the join time is now, which also bounds the
     * history they may read.
     */
    public static void joinMembers(Connection c, int groupId, Collection<Integer> users, int now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO IMGroupMember (groupId, userId, status, created, updated) VALUES (?,?,0,?,?) "
                        + "ON DUPLICATE KEY UPDATE status=0, created=VALUES(created), updated=VALUES(updated)")) {
            for (int user : users) {
                ps.setInt(1, groupId);
                ps.setInt(2, user);
                ps.setInt(3, now);
                ps.setInt(4, now);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Group session rows (type 2) for the users, re-opened if they had been removed. */
    public static void openSessions(Connection c, int groupId, Collection<Integer> users, int now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO IMRecentSession (userId, peerId, type, status, created, updated) VALUES (?,?,2,0,?,?) "
                        + "ON DUPLICATE KEY UPDATE status=0, updated=VALUES(updated)")) {
            for (int user : users) {
                ps.setInt(1, user);
                ps.setInt(2, groupId);
                ps.setInt(3, now);
                ps.setInt(4, now);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** "?,?,?" for an IN list. */
    public static String placeholders(int n) {
        return String.join(",", Collections.nCopies(n, "?"));
    }

    private static void bind(PreparedStatement ps, int first, List<Integer> ids) throws SQLException {
        for (int i = 0; i < ids.size(); i++) {
            ps.setInt(first + i, ids.get(i));
        }
    }
}
