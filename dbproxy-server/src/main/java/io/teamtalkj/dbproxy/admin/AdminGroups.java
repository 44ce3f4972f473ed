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
import io.teamtalkj.dbproxy.storage.Conversation;
import io.teamtalkj.dbproxy.storage.GroupRepository.GroupRow;
import io.teamtalkj.dbproxy.storage.GroupRepository;
import io.teamtalkj.dbproxy.storage.MessageReader;
import io.teamtalkj.dbproxy.storage.ReadPositions;
import io.teamtalkj.dbproxy.storage.Users;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
        if (members.size() > ctx.governance().rules().maxMembers()) {
            throw invalid("a group may have at most " + ctx.governance().rules().maxMembers() + " members (got "
                    + members.size() + ")");
        }
        int now = ctx.now();
        int gid;
        try (Connection c = ctx.storage().connection()) {
            c.setAutoCommit(false);
            try {
                Set<Integer> active = Users.existing(c, members, true);
                if (!active.containsAll(members)) {
                    Set<Integer> bad = new TreeSet<>(members);
                    bad.removeAll(active);
                    throw invalid("unknown or disabled users: " + describe(bad));
                }
                gid = GroupRepository.insertGroup(c, name, avatar, r.getCreatorId(), type, members.size(), now);
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
                Set<Integer> active = Users.existing(c, requested, true);
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
                String denied = ctx.governance().membershipChangeRefusal(c, gid, true, current.size() + added.size(), List.of());
                if (denied != null) {
                    throw invalid(denied);
                }
                if (!added.isEmpty()) {
                    GroupRepository.joinMembers(c, gid, added, now);
                    GroupRepository.openSessions(c, gid, added, now);
                    lastMsgId = MessageReader.maxId(c, Conversation.group(gid, 0));
                    // new members start with the group's earlier messages read, as TeamTalk resets their snapshot
                    if (lastMsgId != 0) {
                        ReadPositions.advanceGroup(c, gid, added, lastMsgId, now);
                    }
                    GroupRepository.bumpVersion(c, gid, current.size() + added.size(), now);
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
                Set<Integer> known = Users.existing(c, requested, false);
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
                String denied = ctx.governance().membershipChangeRefusal(c, gid, false, current.size() - removed.size(),
                        removed);
                if (denied != null) {
                    throw invalid(denied);
                }
                if (!removed.isEmpty()) {
                    GroupRepository.leave(c, gid, List.copyOf(removed), now);
                    GroupRepository.bumpVersion(c, gid, current.size() - removed.size(), now);
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
            ctx.governance().roleCache().invalidate(gid);
            log.info("admin: removed {} from group {} (version {})", describe(removed), Integer.toUnsignedString(gid), out.getVersion());
        }
        return out;
    }

    List<Group> list(ListGroupsRequest r) throws SQLException {
        List<Group> out = new ArrayList<>();
        try (Connection c = ctx.storage().connection()) {
            List<GroupRow> rows = GroupRepository.list(c, r.getMemberId(), r.getIncludeDeleted(),
                    AdminErrors.limit(r.getLimit(), 100, 10_000));
            // every listed group's members in one query
            Map<Integer, List<Integer>> members = GroupRepository.memberIds(c, rows.stream().map(GroupRow::id).toList());
            for (GroupRow row : rows) {
                out.add(group(row).addAllMemberIds(members.getOrDefault(row.id(), List.of())).build());
            }
        }
        return out;
    }

    Group get(int gid) throws SQLException {
        try (Connection c = ctx.storage().connection()) {
            GroupRow row = GroupRepository.find(c, gid)
                    .orElseThrow(() -> notFound("no group with id " + Integer.toUnsignedString(gid)));
            return group(row).addAllMemberIds(memberIds(c, gid)).build();
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
        GroupRow row = GroupRepository.lock(c, gid)
                .orElseThrow(() -> notFound("no group with id " + Integer.toUnsignedString(gid)));
        if (row.status() != 0) {
            throw notFound("group " + Integer.toUnsignedString(gid) + " was deleted");
        }
    }

    private static Set<Integer> memberIds(Connection c, int gid) throws SQLException {
        Set<Integer> ids = new TreeSet<>(Integer::compareUnsigned);
        ids.addAll(GroupRepository.memberIds(c, List.of(gid)).getOrDefault(gid, List.of()));
        return ids;
    }

    private static GroupMembersResponse membersResponse(Connection c, int gid) throws SQLException {
        GroupMembersResponse.Builder b = GroupMembersResponse.newBuilder().setGroupId(gid);
        GroupRepository.find(c, gid).ifPresent(row -> b.setVersion(row.version()));
        return b.addAllMemberIds(memberIds(c, gid)).build();
    }

    private void afterChange(int gid, Collection<Integer> added, long lastMsgId, boolean created) {
        GroupRepository.cacheAfterAdminChange(ctx.storage().redis(), ctx.groupMembers(), gid, added, lastMsgId, created);
    }

    private static Group.Builder group(GroupRow row) {
        return Group.newBuilder()
                .setId(row.id())
                .setName(row.name() == null ? "" : row.name())
                .setAvatar(row.avatar() == null ? "" : row.avatar())
                .setTypeValue(row.type())
                .setCreatorId(row.creator())
                .setVersion(row.version())
                .setUserCount(row.userCnt())
                .setStatus(row.status())
                .setCreated(row.created())
                .setUpdated(row.updated());
    }
}
