package io.teamtalkj.dbproxy.admin;

import static io.teamtalkj.dbproxy.admin.AdminErrors.describe;
import static io.teamtalkj.dbproxy.admin.AdminErrors.invalid;
import static io.teamtalkj.dbproxy.admin.AdminErrors.notFound;

import io.teamtalkj.control.admin.CreateGroupRequest;
import io.teamtalkj.control.admin.Group;
import io.teamtalkj.control.admin.GroupMembersRequest;
import io.teamtalkj.control.admin.GroupMembersResponse;
import io.teamtalkj.control.admin.ListGroupsRequest;
import io.teamtalkj.dbproxy.core.DbContext;
import io.teamtalkj.dbproxy.storage.RedisKeys;
import io.teamtalkj.dbproxy.storage.Conversation;
import io.teamtalkj.dbproxy.storage.GroupRepository;
import io.teamtalkj.dbproxy.storage.MessageReader;
import io.teamtalkj.dbproxy.storage.ReadPositions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Groups for operators, written as TeamTalk's group commands write them: an IMGroup row
 * (version 1, bumped on every member change, userCnt kept equal to the live members),
 * IMGroupMember rows (status 0 member, 1 left; a returning member's row is re-activated with a
 * new join time), and a group IMRecentSession row per member. The Redis member hash is dropped
 * after each change so the next reader reloads it from MySQL.
 *
 * <p>Each change runs in one transaction holding the IMGroup row lock, so concurrent changes of
 * one group apply one after the other and each gets its own version.
 */
final class AdminGroups {
    private static final Logger log = LoggerFactory.getLogger(AdminGroups.class);

    static final int TYPE_NORMAL = 1;
    static final int TYPE_TMP = 2;
    private static final String COLUMNS = "id, name, avatar, type, creator, version, userCnt, status, created, updated";
    private static final String G_COLUMNS = "g.id, g.name, g.avatar, g.type, g.creator, g.version, g.userCnt, g.status, "
            + "g.created, g.updated";

    private final DbContext ctx;

    AdminGroups(DbContext ctx) {
        this.ctx = ctx;
    }

    Group create(CreateGroupRequest r) throws SQLException {
        String name = AdminErrors.name("group name", r.getName(), 256);
        String avatar = AdminErrors.optional("avatar", r.getAvatar(), 256);
        int type = switch (r.getType()) {
            case GROUP_TYPE_UNSPECIFIED, NORMAL -> TYPE_NORMAL;
            case TMP -> TYPE_TMP;
            default -> throw invalid("group type must be NORMAL or TMP, got " + r.getTypeValue());
        };
        Set<Integer> members = userIds(r.getMemberIdsList(), "member_ids");
        if (r.getCreatorId() != 0) {
            // TeamTalk puts the creator among the members too
            members.add(r.getCreatorId());
        }
        if (members.isEmpty()) {
            throw invalid("a group needs at least one member (member_ids or creator_id)");
        }
        checkSize(members);
        int now = ctx.now();
        int gid;
        try (Connection c = ctx.storage().connection()) {
            c.setAutoCommit(false);
            try {
                Set<Integer> active = AdminUsers.existing(c, members, true);
                if (!active.containsAll(members)) {
                    Set<Integer> bad = new TreeSet<>(members);
                    bad.removeAll(active);
                    throw invalid("unknown or disabled users: " + describe(bad));
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO IMGroup (name, avatar, creator, type, userCnt, status, version, lastChated, updated, created) "
                                + "VALUES (?,?,?,?,?,0,1,0,?,?)", Statement.RETURN_GENERATED_KEYS)) {
                    ps.setString(1, name);
                    ps.setString(2, avatar);
                    ps.setInt(3, r.getCreatorId());
                    ps.setInt(4, type);
                    ps.setInt(5, members.size());
                    ps.setInt(6, now);
                    ps.setInt(7, now);
                    ps.executeUpdate();
                    try (ResultSet keys = ps.getGeneratedKeys()) {
                        keys.next();
                        gid = keys.getInt(1);
                    }
                }
                GroupRepository.joinMembers(c, gid, members, now);
                GroupRepository.openSessions(c, gid, members, now);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                rollback(c, e);
                throw e;
            }
        }
        afterChange(gid, List.of(), 0, true);
        log.info("admin: created group {} '{}' with {} members", Integer.toUnsignedString(gid), name, members.size());
        return get(gid);
    }

    GroupMembersResponse addMembers(GroupMembersRequest r) throws SQLException {
        int gid = groupId(r.getGroupId());
        Set<Integer> requested = requestedUsers(r);
        int now = ctx.now();
        Set<Integer> added = new LinkedHashSet<>();
        long lastMsgId = 0;
        GroupMembersResponse out;
        try (Connection c = ctx.storage().connection()) {
            c.setAutoCommit(false);
            try {
                lockLiveGroup(c, gid);
                Set<Integer> active = AdminUsers.existing(c, requested, true);
                if (!active.containsAll(requested)) {
                    Set<Integer> bad = new TreeSet<>(requested);
                    bad.removeAll(active);
                    throw invalid("unknown or disabled users: " + describe(bad));
                }
                Set<Integer> current = memberIds(c, gid);
                for (int uid : requested) {
                    if (!current.contains(uid)) {
                        added.add(uid);
                    }
                }
                if (!added.isEmpty()) {
                    GroupRepository.joinMembers(c, gid, added, now);
                    GroupRepository.openSessions(c, gid, added, now);
                    lastMsgId = MessageReader.maxId(c, Conversation.group(gid, 0));
                    // new members start with the group's earlier messages read, as TeamTalk resets their snapshot
                    if (lastMsgId != 0) {
                        ReadPositions.advanceGroup(c, gid, added, lastMsgId, now);
                    }
                    bumpVersion(c, gid, current.size() + added.size(), now);
                }
                out = membersResponse(c, gid);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                rollback(c, e);
                throw e;
            }
        }
        if (!added.isEmpty()) {
            afterChange(gid, added, lastMsgId, false);
            log.info("admin: added {} to group {} (version {})", describe(added), Integer.toUnsignedString(gid), out.getVersion());
        }
        return out;
    }

    GroupMembersResponse removeMembers(GroupMembersRequest r) throws SQLException {
        int gid = groupId(r.getGroupId());
        Set<Integer> requested = requestedUsers(r);
        int now = ctx.now();
        Set<Integer> removed = new LinkedHashSet<>();
        GroupMembersResponse out;
        try (Connection c = ctx.storage().connection()) {
            c.setAutoCommit(false);
            try {
                lockLiveGroup(c, gid);
                // disabled users may be removed: cleaning up after people who left is the point
                Set<Integer> known = AdminUsers.existing(c, requested, false);
                if (!known.containsAll(requested)) {
                    Set<Integer> bad = new TreeSet<>(requested);
                    bad.removeAll(known);
                    throw invalid("unknown users: " + describe(bad));
                }
                Set<Integer> current = memberIds(c, gid);
                for (int uid : requested) {
                    if (current.contains(uid)) {
                        removed.add(uid);
                    }
                }
                if (!removed.isEmpty()) {
                    String in = AdminErrors.placeholders(removed.size());
                    try (PreparedStatement ps = c.prepareStatement(
                            "UPDATE IMGroupMember SET status=1, updated=? WHERE groupId=? AND status=0 AND userId IN (" + in + ")")) {
                        bindIn(ps, 3, removed, now, gid);
                        ps.executeUpdate();
                    }
                    // TeamTalk drops the removed users' group sessions as well
                    try (PreparedStatement ps = c.prepareStatement(
                            "UPDATE IMRecentSession SET status=1, updated=? WHERE peerId=? AND type=2 AND userId IN (" + in + ")")) {
                        bindIn(ps, 3, removed, now, gid);
                        ps.executeUpdate();
                    }
                    bumpVersion(c, gid, current.size() - removed.size(), now);
                }
                out = membersResponse(c, gid);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                rollback(c, e);
                throw e;
            }
        }
        if (!removed.isEmpty()) {
            ctx.groupMembers().invalidate(gid);
            log.info("admin: removed {} from group {} (version {})", describe(removed), Integer.toUnsignedString(gid), out.getVersion());
        }
        return out;
    }

    List<Group> list(ListGroupsRequest r) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT ").append(G_COLUMNS).append(" FROM IMGroup g");
        if (r.getMemberId() != 0) {
            sql.append(" JOIN IMGroupMember m ON m.groupId=g.id AND m.userId=? AND m.status=0");
        }
        if (!r.getIncludeDeleted()) {
            sql.append(" WHERE g.status=0");
        }
        sql.append(" ORDER BY g.id LIMIT ?");
        Map<Integer, Group.Builder> groups = new LinkedHashMap<>();
        try (Connection c = ctx.storage().connection()) {
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                int i = 1;
                if (r.getMemberId() != 0) {
                    ps.setInt(i++, r.getMemberId());
                }
                ps.setInt(i, AdminErrors.limit(r.getLimit(), 100, 10_000));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Group.Builder g = row(rs);
                        groups.put(g.getId(), g);
                    }
                }
            }
            // every listed group's members in one query
            if (!groups.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement("SELECT groupId, userId FROM IMGroupMember WHERE status=0 AND groupId IN ("
                        + AdminErrors.placeholders(groups.size()) + ") ORDER BY groupId, userId")) {
                    int i = 1;
                    for (int gid : groups.keySet()) {
                        ps.setInt(i++, gid);
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            groups.get(rs.getInt(1)).addMemberIds(rs.getInt(2));
                        }
                    }
                }
            }
        }
        List<Group> out = new ArrayList<>(groups.size());
        groups.values().forEach(g -> out.add(g.build()));
        return out;
    }

    Group get(int gid) throws SQLException {
        try (Connection c = ctx.storage().connection()) {
            Group.Builder g;
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM IMGroup WHERE id=?")) {
                ps.setInt(1, gid);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw notFound("no group with id " + Integer.toUnsignedString(gid));
                    }
                    g = row(rs);
                }
            }
            return g.addAllMemberIds(memberIds(c, gid)).build();
        }
    }

    /** Rolls back without letting a failing rollback hide why we roll back. */
    private static void rollback(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static int groupId(int gid) {
        if (gid == 0) {
            throw invalid("group_id is required");
        }
        return gid;
    }

    /** Distinct ids in request order; 0 is never a user. */
    private static Set<Integer> userIds(List<Integer> ids, String field) {
        Set<Integer> out = new LinkedHashSet<>(ids);
        if (out.contains(0)) {
            throw invalid(field + " must not contain 0");
        }
        return out;
    }

    /** The request's user ids: at least one, not too many. */
    private static Set<Integer> requestedUsers(GroupMembersRequest r) {
        Set<Integer> requested = userIds(r.getUserIdsList(), "user_ids");
        if (requested.isEmpty()) {
            throw invalid("user_ids must not be empty");
        }
        checkSize(requested);
        return requested;
    }

    private static void checkSize(Collection<Integer> ids) {
        if (ids.size() > AdminErrors.MAX_IDS) {
            throw invalid("at most " + AdminErrors.MAX_IDS + " users per call, got " + ids.size());
        }
    }

    /** Locks the IMGroup row for the rest of the transaction; NOT_FOUND for a missing or deleted group. */
    private static void lockLiveGroup(Connection c, int gid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT status FROM IMGroup WHERE id=? FOR UPDATE")) {
            ps.setInt(1, gid);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw notFound("no group with id " + Integer.toUnsignedString(gid));
                }
                if (rs.getInt(1) != 0) {
                    throw notFound("group " + Integer.toUnsignedString(gid) + " was deleted");
                }
            }
        }
    }

    private static Set<Integer> memberIds(Connection c, int gid) throws SQLException {
        Set<Integer> ids = new TreeSet<>(Integer::compareUnsigned);
        try (PreparedStatement ps = c.prepareStatement("SELECT userId FROM IMGroupMember WHERE groupId=? AND status=0")) {
            ps.setInt(1, gid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getInt(1));
                }
            }
        }
        return ids;
    }

    private static void bumpVersion(Connection c, int gid, int userCnt, int now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE IMGroup SET version=version+1, userCnt=?, updated=? WHERE id=?")) {
            ps.setInt(1, userCnt);
            ps.setInt(2, now);
            ps.setInt(3, gid);
            ps.executeUpdate();
        }
    }

    private static GroupMembersResponse membersResponse(Connection c, int gid) throws SQLException {
        GroupMembersResponse.Builder b = GroupMembersResponse.newBuilder().setGroupId(gid);
        try (PreparedStatement ps = c.prepareStatement("SELECT version FROM IMGroup WHERE id=?")) {
            ps.setInt(1, gid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                b.setVersion((int) rs.getLong(1));
            }
        }
        return b.addAllMemberIds(memberIds(c, gid)).build();
    }

    /** Binds {@code now, gid} then the ids of an IN list starting at parameter {@code first}. */
    private static void bindIn(PreparedStatement ps, int first, Collection<Integer> ids, int now, int gid) throws SQLException {
        ps.setInt(1, now);
        ps.setInt(2, gid);
        int i = first;
        for (int id : ids) {
            ps.setInt(i++, id);
        }
    }

    /**
     * After the commit: drop the member hash (readers reload it from MySQL) and, in TeamTalk's
     * Redis layout, start new members' group unread snapshot at the group's last message. A new
     * group also loses any msg-id counters a previous group with a reused id left behind.
     */
    private void afterChange(int gid, Collection<Integer> added, long lastMsgId, boolean created) {
        ctx.groupMembers().invalidate(gid);
        try {
            RBatch batch = ctx.storage().redis().createBatch(BatchOptions.defaults());
            if (created) {
                batch.getBucket(RedisKeys.groupMsgId(gid)).deleteAsync();
                batch.getMap(gid + "_im_group_msg").deleteAsync();
            }
            if (lastMsgId > 0) {
                for (int uid : added) {
                    batch.<String, String>getMap(uid + "_" + gid + "_im_user_group").fastPutAsync("count", Long.toString(lastMsgId));
                }
            }
            batch.execute();
        } catch (RuntimeException e) {
            // MySQL is committed; these keys are caches that heal from it
            log.warn("Redis update after changing group {} failed: {}", Integer.toUnsignedString(gid), e.toString());
        }
    }

    private static Group.Builder row(ResultSet rs) throws SQLException {
        return Group.newBuilder()
                .setId(rs.getInt(1))
                .setName(rs.getString(2) == null ? "" : rs.getString(2))
                .setAvatar(rs.getString(3) == null ? "" : rs.getString(3))
                .setTypeValue(rs.getInt(4))
                .setCreatorId(rs.getInt(5))
                .setVersion((int) rs.getLong(6))
                .setUserCount((int) rs.getLong(7))
                .setStatus(rs.getInt(8))
                .setCreated((int) rs.getLong(9))
                .setUpdated((int) rs.getLong(10));
    }
}
