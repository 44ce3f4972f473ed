package io.teamtalkj.dbproxy.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unread counts of a user. One-to-one: the Redis hash {@code {u:<uid>}unread} (sender → count),
 * rebuilt from MySQL (messages after the read position) unless {@code {u:<uid>}unread_built} holds
 * the run id of the Redis now running: a Redis restarted from disk keeps the hash but may have
 * lost the latest increments, and a count that is never rebuilt stays short for good. Groups:
 * the group's last msg_id ({@link VerifiedCounters}) minus the user's read position, never
 * counting messages from before the user joined.
 */
public final class UnreadCounts {
    private static final Logger log = LoggerFactory.getLogger(UnreadCounts.class);
    private static final int REBUILD_ATTEMPTS = 3;

    private static final String RUN_ID = VerifiedCounters.RUN_ID;

    /**
     * The hash (KEYS[1]) as field/value pairs, preceded by "1" if its marker (KEYS[2]) was set by
     * this Redis run, else "0". One script, so the answer and the check see the same server.
     */
    private static final String READ_IF_BUILT = "local run = " + RUN_ID + "\n" + """
            local out = redis.call('HGETALL', KEYS[1])
            table.insert(out, 1, redis.call('GET', KEYS[2]) == run and '1' or '0')
            return out
            """;

    /**
     * Replaces the hash only if it still holds exactly the expected fields and values (ARGV[1] =
     * n, then n expected field/value pairs, then the new pairs). Stores increment the hash while
     * a rebuild reads MySQL; a change means the rebuilt numbers may miss or double-count one of
     * them, so the caller reads again instead of overwriting. On success the marker (KEYS[2]) is
     * set to this Redis run's id.
     */
    private static final String REPLACE_IF_UNCHANGED = """
            local n = tonumber(ARGV[1])
            if redis.call('HLEN', KEYS[1]) ~= n then return 0 end
            for i = 2, 2 * n, 2 do
              if redis.call('HGET', KEYS[1], ARGV[i]) ~= ARGV[i + 1] then return 0 end
            end
            redis.call('DEL', KEYS[1])
            for i = 2 * n + 2, #ARGV, 2 do
              redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
            end
            redis.call('SET', KEYS[2], RUN_ID)
            return 1
            """.replace("RUN_ID", RUN_ID);

    private UnreadCounts() {
    }

    /** Unread one-to-one messages per sender (only counts &gt; 0). */
    public static Map<Integer, Long> single(RedissonClient redis, Connection c, int userId) throws SQLException {
        String key = RedisKeys.unread(userId);
        Map<Integer, Long> counts = Map.of();
        for (int attempt = 0; attempt < REBUILD_ATTEMPTS; attempt++) {
            Map<String, String> cached = new LinkedHashMap<>();
            if (readIfBuilt(redis, userId, cached)) {
                return parse(cached);
            }
            counts = countFromMysql(c, userId);
            if (replaceIfUnchanged(redis, userId, cached, counts)) {
                log.info("rebuilt {} from MySQL ({} sessions with unread messages)", key, counts.size());
                return counts;
            }
        }
        // Messages keep arriving: answer from MySQL and let a later request write the hash.
        return counts;
    }

    /** Per sender: messages to the user after the user's read position of that session. */
    static Map<Integer, Long> countFromMysql(Connection c, int userId) throws SQLException {
        Map<Integer, Long> out = new HashMap<>();
        for (int shard = 0; shard < 8; shard++) {
            try (PreparedStatement ps = c.prepareStatement("SELECT m.fromId, COUNT(*) FROM " + Relations.messageTable(shard)
                    + " m LEFT JOIN TTReadPosition r ON r.userId=m.toId AND r.peerId=m.fromId AND r.type=1"
                    + " WHERE m.toId=? AND m.status=0 AND m.msgId > COALESCE(r.readMsgId, 0) GROUP BY m.fromId")) {
                ps.setInt(1, userId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.merge((int) rs.getLong(1), rs.getLong(2), Long::sum);
                    }
                }
            }
        }
        return out;
    }

    /**
     * Rebuilds the user's hash from MySQL now (the {@link UnreadHealer} after a lost update), even
     * if its marker is current.
     */
    public static void rebuild(RedissonClient redis, Connection c, int userId) throws SQLException {
        redis.getBucket(RedisKeys.unreadBuilt(userId)).delete();
        single(redis, c, userId);
    }

    /** KEYS of this class' scripts: one user's hash and marker (one hash tag, so one cluster slot). */
    static List<Object> scriptKeys(int userId) {
        return List.of(RedisKeys.unread(userId), RedisKeys.unreadBuilt(userId));
    }

    /** Fills {@code hash} with the cached hash; true if it was built during this Redis run. */
    private static boolean readIfBuilt(RedissonClient redis, int userId, Map<String, String> hash) {
        List<Object> reply = redis.getScript(StringCodec.INSTANCE).eval(RScript.Mode.READ_WRITE, READ_IF_BUILT,
                RScript.ReturnType.LIST, scriptKeys(userId));
        for (int i = 1; i + 1 < reply.size(); i += 2) {
            hash.put(String.valueOf(reply.get(i)), String.valueOf(reply.get(i + 1)));
        }
        return "1".equals(String.valueOf(reply.get(0)));
    }

    private static boolean replaceIfUnchanged(RedissonClient redis, int userId, Map<String, String> expected,
                                              Map<Integer, Long> counts) {
        List<Object> args = new ArrayList<>();
        args.add(Integer.toString(expected.size()));
        expected.forEach((f, v) -> {
            args.add(f);
            args.add(v);
        });
        args.add(RedisKeys.UNREAD_PRESENT_FIELD);
        args.add("0");
        counts.forEach((peer, n) -> {
            if (peer != 0 && n > 0) {
                args.add(Integer.toString(peer));
                args.add(Long.toString(n));
            }
        });
        Long done = redis.getScript(StringCodec.INSTANCE).eval(RScript.Mode.READ_WRITE,
                REPLACE_IF_UNCHANGED, RScript.ReturnType.LONG,
                scriptKeys(userId), args.toArray());
        return done != null && done == 1L;
    }

    private static Map<Integer, Long> parse(Map<String, String> hash) {
        Map<Integer, Long> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : hash.entrySet()) {
            if (RedisKeys.UNREAD_PRESENT_FIELD.equals(e.getKey())) {
                continue;
            }
            try {
                int peer = Integer.parseInt(e.getKey());
                // HINCRBYFLOAT (Redisson's addAndGet) may leave "3" or "3.0"
                long n = (long) Double.parseDouble(e.getValue());
                if (n > 0) {
                    out.put(peer, n);
                }
            } catch (NumberFormatException ex) {
                log.warn("ignoring malformed unread field {}={}", e.getKey(), e.getValue());
            }
        }
        return out;
    }

    /** Unread messages per group of the user (only counts &gt; 0). */
    public static Map<Integer, Long> groups(RedissonClient redis, Connection c, int userId) throws SQLException {
        Map<Integer, Integer> joined = new LinkedHashMap<>();
        Map<Integer, Long> read = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT m.groupId, m.created, COALESCE(r.readMsgId, 0) FROM IMGroupMember m"
                        + " JOIN IMGroup g ON g.id=m.groupId AND g.status=0"
                        + " LEFT JOIN TTReadPosition r ON r.userId=m.userId AND r.peerId=m.groupId AND r.type=2"
                        + " WHERE m.userId=? AND m.status=0")) {
            ps.setInt(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int gid = (int) rs.getLong(1);
                    joined.put(gid, (int) rs.getLong(2));
                    read.put(gid, rs.getLong(3));
                }
            }
        }
        Map<Integer, Long> latest = MessageReader.latestGroupIds(redis, c, joined.keySet());
        Map<Integer, Integer> candidates = new LinkedHashMap<>();
        for (Map.Entry<Integer, Integer> e : joined.entrySet()) {
            if (latest.getOrDefault(e.getKey(), 0L) > read.get(e.getKey())) {
                candidates.put(e.getKey(), e.getValue());
            }
        }
        // Messages from before the join are not the member's to read (history hides them too).
        Map<Integer, Long> first = MessageReader.firstVisible(c, candidates);
        Map<Integer, Long> out = new LinkedHashMap<>();
        for (Integer gid : candidates.keySet()) {
            Long firstVisible = first.get(gid);
            if (firstVisible == null) {
                continue;
            }
            long from = Math.max(read.get(gid), firstVisible - 1);
            long n = latest.get(gid) - from;
            if (n > 0) {
                out.put(gid, n);
            }
        }
        return out;
    }
}
