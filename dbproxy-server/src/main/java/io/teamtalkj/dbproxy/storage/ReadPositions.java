package io.teamtalkj.dbproxy.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.redisson.api.RedissonClient;

/**
 * TTReadPosition (MySQL, the truth) and the Redis unread state derived from it. A session is
 * marked read up to its latest message: TeamTalk's read ack clears the whole counter whatever
 * msg_id the client sends, and the stored position must agree with the counter so a rebuild
 * after a Redis loss gives the same numbers.
 */
public final class ReadPositions {
    public static final int SINGLE = 1;
    public static final int GROUP = 2;

    private ReadPositions() {
    }

    /** One read position: {@code userId} has read its session with {@code peerId} up to {@code msgId}. */
    public record Position(int userId, int peerId, long msgId) {
    }

    /** Moves the read position forward to {@code msgId}; it never moves back. */
    public static void advance(Connection c, int userId, int peerId, int type, long msgId, int now) throws SQLException {
        advanceAll(c, type, List.of(new Position(userId, peerId, msgId)), now);
    }

    /** Moves every user's read position in the group forward to {@code msgId}. */
    public static void advanceGroup(Connection c, int groupId, Collection<Integer> users, long msgId, int now)
            throws SQLException {
        List<Position> rows = new ArrayList<>(users.size());
        for (int user : users) {
            rows.add(new Position(user, groupId, msgId));
        }
        advanceAll(c, GROUP, rows, now);
    }

    /** Moves read positions of one session type forward in one batch; none moves back. */
    public static void advanceAll(Connection c, int type, Collection<Position> rows, int now) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO TTReadPosition (userId, peerId, type, readMsgId, updated) VALUES (?,?,?,?,?) "
                        + "ON DUPLICATE KEY UPDATE readMsgId=GREATEST(readMsgId, VALUES(readMsgId)), updated=VALUES(updated)")) {
            for (Position r : rows) {
                ps.setInt(1, r.userId());
                ps.setInt(2, r.peerId());
                ps.setInt(3, type);
                ps.setLong(4, r.msgId());
                ps.setInt(5, now);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * One-to-one session read: position = the conversation's last msg_id, then the unread field
     * is dropped. Callers run on the pair's worker, so no store of this pair runs in between.
     */
    public static void markSingleRead(Relations relations, RedissonClient redis, Connection c, int userId, int peerId,
                                      int now) throws SQLException {
        long rid = userId == peerId ? 0 : relations.find(c, userId, peerId);
        if (rid != 0) {
            long latest = MessageReader.maxId(c, Conversation.single(rid));
            if (latest > 0) {
                advance(c, userId, peerId, SINGLE, latest, now);
            }
        }
        if (peerId != 0) { // field "0" marks a hash we built; never drop it
            redis.<String, String>getMap(RedisKeys.unread(userId)).fastRemove(Integer.toString(peerId));
        }
    }

    /**
     * Group session read up to the group's last msg_id, plus TeamTalk's per-user snapshot key.
     *
     * @return false if the user is not a member (nothing changed)
     */
    public static boolean markGroupRead(GroupMembers groupMembers, RedissonClient redis, Connection c, int userId,
                                        int groupId, int now) throws SQLException {
        if (!groupMembers.isMember(groupId, userId)) {
            return false;
        }
        long latest = MessageReader.maxId(c, Conversation.group(groupId, 0));
        advance(c, userId, groupId, GROUP, latest, now);
        redis.<String, String>getMap(RedisKeys.userGroupCount(userId, groupId)).fastPut(RedisKeys.COUNT_FIELD, Long.toString(latest));
        return true;
    }
}
