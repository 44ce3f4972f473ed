package io.teamtalkj.dbproxy.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Clients' own message ids (IMMsgData field 102) in TTClientMsg, keyed by sender: a resend after a
 * lost ack finds the first msg_id instead of being stored twice (design.md §5).
 */
final class ClientMsgIds {
    static final int MAX_LENGTH = 64;

    /** A client's id of one message of one sender. */
    record Key(int from, String clientMsgId) {
    }

    /** A stored message's conversation and msg_id. */
    record Stored(boolean group, int to, long msgId) {
    }

    /** A row to record: who sent which client id, where it went, the msg_id it got. */
    record Row(int from, String clientMsgId, boolean group, int to, long msgId) {
    }

    private ClientMsgIds() {
    }

    /** The messages already stored under these keys. */
    static Map<Key, Stored> find(Connection c, Collection<Key> keys) throws SQLException {
        Map<Key, Stored> found = new HashMap<>();
        if (keys.isEmpty()) {
            return found;
        }
        StringBuilder sql = new StringBuilder("SELECT fromId, clientMsgId, groupMsg, toId, msgId FROM TTClientMsg WHERE ");
        for (int i = 0; i < keys.size(); i++) {
            sql.append(i == 0 ? "" : " OR ").append("(fromId=? AND clientMsgId=?)");
        }
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = 1;
            for (Key k : keys) {
                ps.setLong(i++, Integer.toUnsignedLong(k.from()));
                ps.setString(i++, k.clientMsgId());
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.put(new Key((int) rs.getLong(1), rs.getString(2)),
                            new Stored(rs.getInt(3) != 0, (int) rs.getLong(4), rs.getLong(5)));
                }
            }
        }
        return found;
    }

    /** Records stored messages' client ids, in the caller's transaction. */
    static void record(Connection c, List<Row> rows, int now) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO TTClientMsg (fromId, clientMsgId, groupMsg, toId, msgId, created) VALUES (?,?,?,?,?,?)")) {
            for (Row r : rows) {
                ps.setLong(1, Integer.toUnsignedLong(r.from()));
                ps.setString(2, r.clientMsgId());
                ps.setInt(3, r.group() ? 1 : 0);
                ps.setLong(4, Integer.toUnsignedLong(r.to()));
                ps.setLong(5, r.msgId());
                ps.setInt(6, now);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
