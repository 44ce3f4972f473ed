package io.teamtalkj.dbproxy.group;

import io.teamtalkj.dbproxy.storage.GroupMembers;
import io.teamtalkj.dbproxy.storage.GroupRepository;
import io.teamtalkj.dbproxy.storage.GroupRepository.GroupRow;
import io.teamtalkj.pdu.groupext.InviteMode;
import io.teamtalkj.pdu.groupext.JoinMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * SQL of group governance (TTGroupSettings, TTGroupMemberRole, TTGroupJoinRequest and the IMGroup
 * columns it changes). Like {@link GroupRepository}, every method runs in the caller's
 * transaction; callers lock the group row first ({@link #lock}).
 */
public final class GroupGovernanceStore {
    private GroupGovernanceStore() {
    }

    /** A join request waiting for a decision. */
    public record PendingJoin(int userId, String message, int created) {
    }

    /** Locks the IMGroup row and reads everything governance decides on; empty for an unknown or deleted group. */
    public static Optional<GroupState> lock(Connection c, int groupId) throws SQLException {
        Optional<GroupRow> row = GroupRepository.lock(c, groupId).filter(g -> g.status() == 0);
        if (row.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new GroupState(row.get(), settings(c, groupId), GroupMembers.load(c, groupId), roles(c, groupId)));
    }

    public static GroupSettings settings(Connection c, int groupId) throws SQLException {
        return settings(c, groupId, false);
    }

    /** @param locking a locking read (the latest committed row, whatever snapshot the transaction has) */
    public static GroupSettings settings(Connection c, int groupId, boolean locking) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT muteAll, joinMode, inviteMode, dismissed, announcement "
                + "FROM TTGroupSettings WHERE groupId=?" + (locking ? " LOCK IN SHARE MODE" : ""))) {
            ps.setInt(1, groupId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return GroupSettings.DEFAULTS;
                }
                JoinMode join = rs.getInt(2) == 0 ? JoinMode.JOIN_OPEN : JoinMode.JOIN_APPROVAL;
                InviteMode invite = rs.getInt(3) == 1 ? InviteMode.INVITE_ADMINS : InviteMode.INVITE_ANYONE;
                return new GroupSettings(rs.getInt(1) == 1, join, invite, rs.getInt(4) == 1, rs.getString(5));
            }
        }
    }

    public static void saveSettings(Connection c, int groupId, GroupSettings s, int now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO TTGroupSettings "
                + "(groupId, muteAll, joinMode, inviteMode, dismissed, announcement, updated) VALUES (?,?,?,?,?,?,?) "
                + "ON DUPLICATE KEY UPDATE muteAll=VALUES(muteAll), joinMode=VALUES(joinMode), "
                + "inviteMode=VALUES(inviteMode), dismissed=VALUES(dismissed), announcement=VALUES(announcement), "
                + "updated=VALUES(updated)")) {
            ps.setInt(1, groupId);
            ps.setInt(2, s.muteAll() ? 1 : 0);
            // column: 0 open, 1 approval (the table default is approval)
            ps.setInt(3, s.joinMode() == JoinMode.JOIN_OPEN ? 0 : 1);
            ps.setInt(4, s.inviteMode() == InviteMode.INVITE_ADMINS ? 1 : 0);
            ps.setInt(5, s.dismissed() ? 1 : 0);
            ps.setString(6, s.announcement());
            ps.setInt(7, now);
            ps.executeUpdate();
        }
    }

    /** Admins and muted members of the group (rows of users who left are removed when they leave). */
    public static Map<Integer, MemberRole> roles(Connection c, int groupId) throws SQLException {
        Map<Integer, MemberRole> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT userId, admin, muteUntil FROM TTGroupMemberRole WHERE groupId=? ORDER BY userId")) {
            ps.setInt(1, groupId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getInt(1), new MemberRole(rs.getInt(2) == 1, rs.getLong(3)));
                }
            }
        }
        return out;
    }

    public static void setAdmin(Connection c, int groupId, Collection<Integer> users, boolean admin, int now)
            throws SQLException {
        upsertRoles(c, groupId, users, "admin", admin ? 1 : 0, now);
    }

    public static void setMute(Connection c, int groupId, Collection<Integer> users, long until, int now)
            throws SQLException {
        upsertRoles(c, groupId, users, "muteUntil", until, now);
    }

    private static void upsertRoles(Connection c, int groupId, Collection<Integer> users, String column, long value,
                                    int now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO TTGroupMemberRole (groupId, userId, " + column
                + ", updated) VALUES (?,?,?,?) ON DUPLICATE KEY UPDATE " + column + "=VALUES(" + column
                + "), updated=VALUES(updated)")) {
            for (int user : users) {
                ps.setInt(1, groupId);
                ps.setInt(2, user);
                ps.setLong(3, value);
                ps.setInt(4, now);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM TTGroupMemberRole WHERE groupId=? AND admin=0 AND muteUntil=0")) {
            ps.setInt(1, groupId);
            ps.executeUpdate();
        }
    }

    /** Forgets the roles and mutes of users who left (coming back later starts as a plain member). */
    public static void clearRoles(Connection c, int groupId, Collection<Integer> users) throws SQLException {
        if (users.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM TTGroupMemberRole WHERE groupId=? AND userId IN ("
                + GroupRepository.placeholders(users.size()) + ")")) {
            ps.setInt(1, groupId);
            int i = 2;
            for (int u : users) {
                ps.setInt(i++, u);
            }
            ps.executeUpdate();
        }
    }

    /**
     * Ends membership but keeps the users' group session: someone who left or was removed keeps
     * the conversation and its history (unlike TeamTalk's remove, which closes the session).
     */
    public static void leave(Connection c, int groupId, Collection<Integer> users, int now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE IMGroupMember SET status=1, updated=? "
                + "WHERE groupId=? AND status=0 AND userId IN (" + GroupRepository.placeholders(users.size()) + ")")) {
            ps.setInt(1, now);
            ps.setInt(2, groupId);
            int i = 3;
            for (int u : users) {
                ps.setInt(i++, u);
            }
            ps.executeUpdate();
        }
        clearRoles(c, groupId, users);
    }

    /** The owner is IMGroup.creator; a new owner is also a new version for TeamTalk clients. */
    public static void setOwner(Connection c, int groupId, int owner, int now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE IMGroup SET creator=?, version=version+1, updated=? WHERE id=?")) {
            ps.setInt(1, owner);
            ps.setInt(2, now);
            ps.setInt(3, groupId);
            ps.executeUpdate();
        }
    }

    /** New name and/or avatar (null keeps it); bumps the version so clients re-read the group info. */
    public static void edit(Connection c, int groupId, String name, String avatar, int now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE IMGroup SET name=COALESCE(?, name), "
                + "avatar=COALESCE(?, avatar), version=version+1, updated=? WHERE id=?")) {
            ps.setString(1, name);
            ps.setString(2, avatar);
            ps.setInt(3, now);
            ps.setInt(4, groupId);
            ps.executeUpdate();
        }
    }

    public static void requestJoin(Connection c, int groupId, int userId, String message, int now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO TTGroupJoinRequest "
                + "(groupId, userId, message, status, operator, created, updated) VALUES (?,?,?,0,0,?,?) "
                + "ON DUPLICATE KEY UPDATE message=VALUES(message), status=0, operator=0, created=VALUES(created), "
                + "updated=VALUES(updated)")) {
            ps.setInt(1, groupId);
            ps.setInt(2, userId);
            ps.setString(3, message);
            ps.setInt(4, now);
            ps.setInt(5, now);
            ps.executeUpdate();
        }
    }

    public static List<PendingJoin> pendingJoins(Connection c, int groupId) throws SQLException {
        List<PendingJoin> out = new java.util.ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT userId, message, created FROM TTGroupJoinRequest "
                + "WHERE groupId=? AND status=0 ORDER BY created, userId")) {
            ps.setInt(1, groupId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new PendingJoin(rs.getInt(1), rs.getString(2), (int) rs.getLong(3)));
                }
            }
        }
        return out;
    }

    /** Closes pending requests: 1 approved, 2 rejected. */
    public static void decideJoins(Connection c, int groupId, Collection<Integer> users, int status, int operator,
                                   int now) throws SQLException {
        if (users.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE TTGroupJoinRequest SET status=?, operator=?, updated=? "
                + "WHERE groupId=? AND status=0 AND userId IN (" + GroupRepository.placeholders(users.size()) + ")")) {
            ps.setInt(1, status);
            ps.setInt(2, operator);
            ps.setInt(3, now);
            ps.setInt(4, groupId);
            int i = 5;
            for (int u : users) {
                ps.setInt(i++, u);
            }
            ps.executeUpdate();
        }
    }
}
