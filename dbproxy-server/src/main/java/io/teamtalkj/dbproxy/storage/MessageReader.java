package io.teamtalkj.dbproxy.storage;

import com.google.protobuf.ByteString;
import com.mogujie.tt.protobuf.IMBaseDefine.MsgInfo;
import com.mogujie.tt.protobuf.IMBaseDefine.MsgType;
import io.teamtalkj.pdu.MsgTypes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads stored messages (see {@link MessageStore} for the layout). Everything that works on many
 * sessions at once runs at most one statement per shard table, with the session ids in an IN
 * list, so a user with many sessions never costs one query per session.
 */
public final class MessageReader {
    private static final Logger log = LoggerFactory.getLogger(MessageReader.class);

    /** Ids per IN list; larger sets are split (keeps statements well under placeholder limits). */
    static final int CHUNK = 500;
    private static final long NO_UPPER_BOUND = 0xFFFF_FFFFL;

    private MessageReader() {
    }

    /** One stored message row. {@code conversation} is the relateId or the group id. */
    public record Row(long conversation, long msgId, int fromId, int created, int type, String content) {
    }

    /**
     * Newest first, msg_id &lt;= {@code beginInclusive} (0 = from the latest), at most
     * {@code limit}. Group pages only hold messages created at or after the reader joined.
     */
    public static List<Row> page(Connection c, Conversation conv, long beginInclusive, int limit) throws SQLException {
        if (limit <= 0) {
            return List.of();
        }
        boolean group = conv.isGroup();
        String t = conv.table();
        String idCol = Conversation.idColumn(group);
        StringBuilder sql = new StringBuilder(select(group)).append(" FROM ").append(t)
                .append(" WHERE ").append(idCol).append("=? AND status=0 AND msgId<=?");
        if (group) {
            // The first visible message bounds the scan: without it a newcomer paging back in a
            // long group history would walk every older row only to filter it out by time.
            sql.append(" AND created>=? AND msgId>=COALESCE((SELECT f.msgId FROM ").append(t)
                    .append(" f WHERE f.groupId=? AND f.status=0 AND f.created>=? ORDER BY f.created, f.id LIMIT 1), ")
                    .append(NO_UPPER_BOUND + 1).append(')');
        }
        sql.append(" ORDER BY msgId DESC LIMIT ?");
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int k = 1;
            ps.setLong(k++, conv.id());
            ps.setLong(k++, beginInclusive == 0 ? NO_UPPER_BOUND : beginInclusive);
            if (group) {
                ps.setInt(k++, conv.joinTime());
                ps.setLong(k++, conv.id());
                ps.setInt(k++, conv.joinTime());
            }
            ps.setInt(k, limit);
            return rows(ps);
        }
    }

    /** The listed messages (newest first), with the same visibility rules as {@link #page}. */
    public static List<Row> byIds(Connection c, Conversation conv, Collection<Long> msgIds) throws SQLException {
        if (msgIds.isEmpty()) {
            return List.of();
        }
        boolean group = conv.isGroup();
        StringBuilder sql = new StringBuilder(select(group)).append(" FROM ").append(conv.table())
                .append(" WHERE ").append(Conversation.idColumn(group)).append("=? AND status=0 AND msgId IN (")
                .append(placeholders(msgIds.size())).append(')');
        if (group) {
            sql.append(" AND created>=?");
        }
        sql.append(" ORDER BY msgId DESC");
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int k = 1;
            ps.setLong(k++, conv.id());
            for (Long id : msgIds) {
                ps.setLong(k++, id);
            }
            if (group) {
                ps.setInt(k, conv.joinTime());
            }
            return rows(ps);
        }
    }

    /** The newest non-deleted message of each conversation that has one (one query per shard). */
    public static Map<Long, Row> latest(Connection c, boolean group, Collection<Long> conversations) throws SQLException {
        Map<Long, Row> out = new HashMap<>();
        String idCol = Conversation.idColumn(group);
        for (Map.Entry<String, List<Long>> shard : byShard(group, conversations).entrySet()) {
            for (List<Long> ids : chunks(shard.getValue())) {
                String t = shard.getKey();
                String sql = "SELECT m." + idCol + ", m.msgId, m." + Conversation.senderColumn(group)
                        + ", m.created, m.type, m.content FROM " + t + " m JOIN (SELECT " + idCol
                        + " AS cid, MAX(msgId) AS mx FROM " + t + " WHERE " + idCol + " IN (" + placeholders(ids.size())
                        + ") AND status=0 GROUP BY " + idCol + ") x ON m." + idCol + "=x.cid AND m.msgId=x.mx";
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    bind(ps, 1, ids);
                    for (Row r : rows(ps)) {
                        out.put(r.conversation(), r);
                    }
                }
            }
        }
        return out;
    }

    /** The last msg_id of one conversation in MySQL (deleted rows included: it is the last id used). */
    public static long maxId(Connection c, Conversation conv) throws SQLException {
        return maxIds(c, conv.isGroup(), List.of(conv.id())).getOrDefault(conv.id(), 0L);
    }

    /** Last msg_id per conversation (absent when it has no message), one query per shard. */
    public static Map<Long, Long> maxIds(Connection c, boolean group, Collection<Long> conversations) throws SQLException {
        Map<Long, Long> out = new HashMap<>();
        String idCol = Conversation.idColumn(group);
        for (Map.Entry<String, List<Long>> shard : byShard(group, conversations).entrySet()) {
            for (List<Long> ids : chunks(shard.getValue())) {
                String sql = "SELECT " + idCol + ", MAX(msgId) FROM " + shard.getKey() + " WHERE " + idCol + " IN ("
                        + placeholders(ids.size()) + ") GROUP BY " + idCol;
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    bind(ps, 1, ids);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.put(rs.getLong(1), rs.getLong(2));
                        }
                    }
                }
            }
        }
        return out;
    }

    /**
     * The last msg_id of a conversation: the Redis counter, else MySQL MAX (then cached back with
     * SETNX, so a value a concurrent store just wrote is never overwritten by an older one).
     */
    public static long latestId(RedissonClient redis, Connection c, Conversation conv) throws SQLException {
        String cached = redis.<String>getBucket(conv.counterKey()).get();
        Long parsed = parseCounter(cached);
        if (parsed != null) {
            return parsed;
        }
        long max = maxId(c, conv);
        redis.<String>getBucket(conv.counterKey()).setIfAbsent(Long.toString(max));
        return max;
    }

    /** {@link #latestId} for many groups: one Redis pipeline, then one MySQL query per shard for the misses. */
    public static Map<Integer, Long> latestGroupIds(RedissonClient redis, Connection c, Collection<Integer> groupIds)
            throws SQLException {
        Map<Integer, Long> out = new HashMap<>();
        if (groupIds.isEmpty()) {
            return out;
        }
        // checked against MySQL once per Redis run: a Redis restarted from disk may have taken them back
        List<Integer> gids = new ArrayList<>(groupIds);
        List<String> keys = new ArrayList<>(gids.size());
        for (Integer gid : gids) {
            keys.add(RedisKeys.groupMsgId(gid));
        }
        List<Long> cached = VerifiedCounters.read(redis, keys);
        List<Long> missing = new ArrayList<>();
        for (int i = 0; i < gids.size(); i++) {
            if (cached.get(i) != null) {
                out.put(gids.get(i), cached.get(i));
            } else {
                missing.add(Integer.toUnsignedLong(gids.get(i)));
            }
        }
        if (!missing.isEmpty()) {
            Map<Long, Long> fromDb = maxIds(c, true, missing);
            Map<String, Long> back = new LinkedHashMap<>();
            for (Long gid : missing) {
                long max = fromDb.getOrDefault(gid, 0L);
                out.put((int) (long) gid, max);
                back.put(RedisKeys.groupMsgId((int) (long) gid), max);
            }
            VerifiedCounters.store(redis, back);
        }
        return out;
    }

    /**
     * The msg_id of the first message each user may see per group (created at or after the join
     * time). Groups with no visible message are absent. One statement per shard.
     */
    public static Map<Integer, Long> firstVisible(Connection c, Map<Integer, Integer> joinTimeByGroup) throws SQLException {
        Map<Integer, Long> out = new HashMap<>();
        Map<String, List<Long>> shards = byShard(true, joinTimeByGroup.keySet().stream().map(Integer::toUnsignedLong).toList());
        for (Map.Entry<String, List<Long>> shard : shards.entrySet()) {
            for (List<Long> ids : chunks(shard.getValue())) {
                StringBuilder sql = new StringBuilder();
                for (int i = 0; i < ids.size(); i++) {
                    if (i > 0) {
                        sql.append(" UNION ALL ");
                    }
                    // (groupId, status, created, id) is an index prefix, so each branch reads one row
                    sql.append("(SELECT groupId, msgId FROM ").append(shard.getKey())
                            .append(" WHERE groupId=? AND status=0 AND created>=? ORDER BY created, id LIMIT 1)");
                }
                try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                    int k = 1;
                    for (Long gid : ids) {
                        ps.setLong(k++, gid);
                        ps.setInt(k++, joinTimeByGroup.get((int) (long) gid));
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.put((int) rs.getLong(1), rs.getLong(2));
                        }
                    }
                }
            }
        }
        return out;
    }

    /** relateId per peer of {@code userId}, for the peers that ever exchanged a message with it. */
    public static Map<Integer, Long> relateIds(Connection c, int userId, Collection<Integer> peers) throws SQLException {
        Map<Integer, Long> out = new HashMap<>();
        List<Integer> list = new ArrayList<>(peers);
        list.remove(Integer.valueOf(userId));
        for (List<Integer> part : chunks(list)) {
            StringBuilder sql = new StringBuilder("SELECT id, smallId, bigId FROM IMRelationShip WHERE ");
            for (int i = 0; i < part.size(); i++) {
                sql.append(i == 0 ? "" : " OR ").append("(smallId=? AND bigId=?)");
            }
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                int k = 1;
                for (Integer peer : part) {
                    ps.setInt(k++, Math.min(userId, peer));
                    ps.setInt(k++, Math.max(userId, peer));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int small = rs.getInt(2);
                        int big = rs.getInt(3);
                        out.put(small == userId ? big : small, rs.getLong(1));
                    }
                }
            }
        }
        return out;
    }

    /**
     * Rows as the client sees them. Audio is rebuilt as 4-byte big-endian duration + the bytes
     * kept in IMAudio (one query for the whole page); an audio message whose bytes are gone
     * (e.g. a TeamTalk row that points at an msfs URL) is left out, as TeamTalk did when its
     * download failed.
     */
    public static List<MsgInfo> toMsgInfos(Connection c, List<Row> rows, boolean group) throws SQLException {
        List<Long> audioIds = new ArrayList<>();
        for (Row r : rows) {
            if (MessageStore.isAudio(typeOf(r, group))) {
                Long id = parseId(r.content());
                if (id != null) {
                    audioIds.add(id);
                }
            }
        }
        Map<Long, ByteString> audio = audio(c, audioIds);
        List<MsgInfo> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            MsgType type = typeOf(r, group);
            ByteString data;
            if (MessageStore.isAudio(type)) {
                Long id = parseId(r.content());
                data = id == null ? null : audio.get(id);
                if (data == null) {
                    log.warn("audio {} of message {} in {} has no stored bytes; left out", r.content(), r.msgId(),
                            Conversation.table(group, r.conversation()));
                    continue;
                }
            } else {
                data = ByteString.copyFrom(r.content() == null ? "" : r.content(), StandardCharsets.UTF_8);
            }
            out.add(MsgInfo.newBuilder().setMsgId((int) r.msgId()).setFromSessionId(r.fromId())
                    .setCreateTime(r.created()).setMsgType(type).setMsgData(data).build());
        }
        return out;
    }

    /** latest_msg_data of session summaries: stored text as is, audio as TeamTalk's placeholder. */
    public static ByteString summaryData(Row r, boolean group) {
        if (MessageStore.isAudio(typeOf(r, group))) {
            return AudioSummary.PLACEHOLDER;
        }
        return ByteString.copyFrom(r.content() == null ? "" : r.content(), StandardCharsets.UTF_8);
    }

    /** The stored type as a MsgType clients know (unknown legacy values read as text). */
    public static MsgType typeOf(Row r, boolean group) {
        MsgType t = MsgType.forNumber(r.type());
        if (t == null || MsgTypes.isGroup(t) != group) {
            return group ? MsgType.MSG_TYPE_GROUP_TEXT : MsgType.MSG_TYPE_SINGLE_TEXT;
        }
        return t;
    }

    private static Map<Long, ByteString> audio(Connection c, List<Long> ids) throws SQLException {
        if (ids.isEmpty()) {
            return Collections.emptyMap();
        }
        Map<Long, ByteString> out = new HashMap<>();
        for (List<Long> part : chunks(ids)) {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, duration, data FROM IMAudio WHERE id IN (" + placeholders(part.size()) + ")")) {
                bind(ps, 1, part);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        byte[] bytes = rs.getBytes(3);
                        if (bytes == null) {
                            continue;
                        }
                        ByteBuffer buf = ByteBuffer.allocate(4 + bytes.length);
                        buf.putInt((int) rs.getLong(2)).put(bytes).flip();
                        out.put(rs.getLong(1), ByteString.copyFrom(buf));
                    }
                }
            }
        }
        return out;
    }

    private static String select(boolean group) {
        return "SELECT " + Conversation.idColumn(group) + ", msgId, " + Conversation.senderColumn(group)
                + ", created, type, content";
    }

    private static List<Row> rows(PreparedStatement ps) throws SQLException {
        List<Row> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Row(rs.getLong(1), rs.getLong(2), (int) rs.getLong(3), (int) rs.getLong(4), rs.getInt(5),
                        rs.getString(6)));
            }
        }
        return out;
    }

    /** Conversations grouped by their shard table, in a stable order. */
    static Map<String, List<Long>> byShard(boolean group, Collection<Long> conversations) {
        Map<String, List<Long>> out = new TreeMap<>();
        for (Long id : conversations) {
            out.computeIfAbsent(Conversation.table(group, id), t -> new ArrayList<>()).add(id);
        }
        return out;
    }

    static <T> List<List<T>> chunks(List<T> list) {
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i += CHUNK) {
            out.add(list.subList(i, Math.min(list.size(), i + CHUNK)));
        }
        return out;
    }

    static String placeholders(int n) {
        return n == 0 ? "" : "?" + ",?".repeat(n - 1);
    }

    static void bind(PreparedStatement ps, int first, Collection<Long> ids) throws SQLException {
        int k = first;
        for (Long id : ids) {
            ps.setLong(k++, id);
        }
    }

    /** A Redis counter value, or null when missing or not a number. */
    static Long parseCounter(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Long parseId(String content) {
        try {
            return content == null ? null : Long.parseLong(content.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
