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

    private ClientMsgIds() {
    }

    /** The messages already stored under these keys. */
    static Map<Key, Stored> find(Connection c, Collection<Key> keys) throws SQLException {
        Map<Key, Stored> found = new HashMap<>();
        if (keys.isEmpty()) {
            return found;
        }
        StringBuilder sql = new StringBuilder("SELECT fromId, clientMsgId, groupMsg, toId, msgId FROM TTClientMsg FORCE INDEX (PRIMARY) WHERE ");
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
}
