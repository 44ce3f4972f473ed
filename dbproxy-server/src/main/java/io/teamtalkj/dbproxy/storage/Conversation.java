package io.teamtalkj.dbproxy.storage;

import com.mogujie.tt.protobuf.IMBaseDefine.SessionType;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * A conversation as one user may read it: a user pair (by relateId) or a group the user belongs
 * to, with the user's join time (group messages older than it are not shown to the user).
 */
public final class Conversation {
    private final boolean group;
    private final long id;
    private final int joinTime;

    private Conversation(boolean group, long id, int joinTime) {
        this.group = group;
        this.id = id;
        this.joinTime = joinTime;
    }

    public static Conversation single(long relateId) {
        return new Conversation(false, relateId, 0);
    }

    public static Conversation group(int groupId, int joinTime) {
        return new Conversation(true, Integer.toUnsignedLong(groupId), joinTime);
    }

    /**
     * The session of {@code userId}, or null when there is nothing the user may read: a pair that
     * never exchanged a message, or a group the user is not a member of (or that was deleted).
     */
    public static Conversation resolve(GroupMembers groupMembers, Relations relations, Connection c, int userId, SessionType type, int sessionId)
            throws SQLException {
        if (type == SessionType.SESSION_TYPE_GROUP) {
            Map<Integer, Integer> members = groupMembers.members(sessionId);
            Integer joined = members.get(userId);
            return joined == null ? null : group(sessionId, joined);
        }
        if (sessionId == userId) {
            return null;
        }
        long rid = relations.find(c, userId, sessionId);
        return rid == 0 ? null : single(rid);
    }

    public boolean isGroup() {
        return group;
    }

    /** relateId, or the group id. */
    public long id() {
        return id;
    }

    /** The reader's join time (unix s); 0 for one-to-one conversations. */
    public int joinTime() {
        return joinTime;
    }

    public String table() {
        return table(group, id);
    }

    /** Redis key of the conversation's last msg_id. */
    public String counterKey() {
        return group ? RedisKeys.groupMsgId((int) id) : RedisKeys.msgId(id);
    }

    static String table(boolean group, long id) {
        return group ? Relations.groupMessageTable((int) id) : Relations.messageTable(id);
    }

    static String idColumn(boolean group) {
        return group ? "groupId" : "relateId";
    }

    static String senderColumn(boolean group) {
        return group ? "userId" : "fromId";
    }
}
