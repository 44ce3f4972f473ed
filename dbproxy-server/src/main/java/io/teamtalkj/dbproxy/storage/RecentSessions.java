package io.teamtalkj.dbproxy.storage;

import io.teamtalkj.dbproxy.storage.MessageReader.Row;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** IMRecentSession: the sessions a user's recent list shows, and their removal. */
public final class RecentSessions {
    /** IMRecentSession.type of a one-to-one session. */
    public static final int SINGLE = 1;
    /** IMRecentSession.type of a group session. */
    public static final int GROUP = 2;

    private RecentSessions() {
    }

    /**
     * One entry of a recent list: a peer or a group, when it changed, and its last message.
     *
     * @param id      the peer's user id, or the group id
     * @param updated unix seconds of the session's last change
     * @param last    the last message the user may see
     */
    public record Recent(int id, boolean group, long updated, Row last) {
    }

    private record Session(int id, boolean group, long updated, int joinTime) {
    }

    /**
     * The user's sessions changed after {@code since}, newest first, at most {@code cap}; sessions
     * without a message the user may see are left out.
     */
    public static List<Recent> recent(Connection c, int uid, long since, int cap) throws SQLException {
        List<Session> sessions = new ArrayList<>(singles(c, uid, since, cap));
        sessions.addAll(groups(c, uid, since));
        sessions.sort(Comparator.comparingLong(Session::updated).reversed());
        if (sessions.size() > cap) {
            sessions = sessions.subList(0, cap);
        }

        List<Integer> peers = new ArrayList<>();
        List<Long> gids = new ArrayList<>();
        for (Session s : sessions) {
            if (s.group()) {
                gids.add(Integer.toUnsignedLong(s.id()));
            } else {
                peers.add(s.id());
            }
        }
        Map<Integer, Long> relateIds = MessageReader.relateIds(c, uid, peers);
        Map<Long, Row> latestSingle = MessageReader.latest(c, false, relateIds.values());
        Map<Long, Row> latestGroup = MessageReader.latest(c, true, gids);
        List<Recent> out = new ArrayList<>();
        for (Session s : sessions) {
            Row last;
            if (s.group()) {
                last = latestGroup.get(Integer.toUnsignedLong(s.id()));
                if (last != null && last.created() < s.joinTime()) {
                    last = null; // everything in the group predates the user's join
                }
            } else {
                Long rid = relateIds.get(s.id());
                last = rid == null ? null : latestSingle.get(rid);
            }
            if (last != null) {
                out.add(new Recent(s.id(), s.group(), s.updated(), last));
            }
        }
        return out;
    }

    private static List<Session> singles(Connection c, int uid, long since, int cap) throws SQLException {
        List<Session> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT peerId, updated FROM IMRecentSession"
                + " WHERE userId=? AND status=0 AND updated>? AND type=1 ORDER BY updated DESC, id DESC LIMIT ?")) {
            ps.setInt(1, uid);
            ps.setLong(2, since);
            ps.setInt(3, cap);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Session((int) rs.getLong(1), false, rs.getLong(2), 0));
                }
            }
        }
        return out;
    }

    /** The user's groups with activity after {@code since}, minus the sessions the user removed since. */
    private static List<Session> groups(Connection c, int uid, long since) throws SQLException {
        List<Session> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT g.id, g.lastChated, m.created, s.status, s.updated"
                + " FROM IMGroupMember m JOIN IMGroup g ON g.id=m.groupId AND g.status=0"
                + " LEFT JOIN IMRecentSession s ON s.userId=m.userId AND s.peerId=m.groupId AND s.type=2"
                + " WHERE m.userId=? AND m.status=0 AND (g.lastChated>? OR (s.status=0 AND s.updated>?))")) {
            ps.setInt(1, uid);
            ps.setLong(2, since);
            ps.setLong(3, since);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long lastChated = rs.getLong(2);
                    int status = rs.getInt(4);
                    boolean hasRow = !rs.wasNull();
                    long rowUpdated = rs.getLong(5);
                    long updated;
                    if (!hasRow) {
                        updated = lastChated;
                    } else if (status == 0) {
                        updated = Math.max(lastChated, rowUpdated);
                    } else if (rowUpdated >= lastChated) {
                        continue; // removed, and nothing was said in the group since
                    } else {
                        updated = lastChated;
                    }
                    if (updated > since) {
                        out.add(new Session((int) rs.getLong(1), true, updated, (int) rs.getLong(3)));
                    }
                }
            }
        }
        return out;
    }

    /** The user's one-to-one peers, most recent first, at most {@code limit}. */
    public static List<Integer> recentPeers(Connection c, int userId, int limit) throws SQLException {
        return ids(c, "SELECT peerId FROM IMRecentSession WHERE userId=? AND type=1 AND status=0"
                + " ORDER BY updated DESC LIMIT ?", userId, limit);
    }

    /** The ids a query with parameters (user id, limit) selects in its first column. */
    static List<Integer> ids(Connection c, String sql, int userId, int limit) throws SQLException {
        List<Integer> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, Integer.toUnsignedLong(userId));
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add((int) rs.getLong(1));
                }
            }
        }
        return out;
    }

    /** Marks an existing session removed; false if the user has no such session. */
    public static boolean markRemoved(Connection c, int uid, int sid, int type, int now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE IMRecentSession SET status=1, updated=? WHERE userId=? AND peerId=? AND type=?")) {
            ps.setInt(1, now);
            ps.setInt(2, uid);
            ps.setInt(3, sid);
            ps.setInt(4, type);
            return ps.executeUpdate() > 0;
        }
    }

    /** Records a group session as removed, creating the row if the member never wrote to the group. */
    public static void upsertGroupRemoved(Connection c, int uid, int gid, int now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO IMRecentSession (userId, peerId, type, status, created, updated) VALUES (?,?,2,1,?,?)"
                        + " ON DUPLICATE KEY UPDATE status=1, updated=VALUES(updated)")) {
            ps.setInt(1, uid);
            ps.setInt(2, gid);
            ps.setInt(3, now);
            ps.setInt(4, now);
            ps.executeUpdate();
        }
    }
}
