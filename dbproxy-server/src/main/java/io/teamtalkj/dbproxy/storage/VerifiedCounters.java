package io.teamtalkj.dbproxy.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * msg_id counters in Redis ({@code msg_id_<rid>}, {@code group_msg_id_<gid>}) that are trusted
 * only once checked against MySQL during the current Redis run: {@code <counter>_run_id} holds
 * the run id (INFO server) of the Redis that checked it. A Redis restarted from disk may have
 * taken a counter back; unread counts derived from it would then stay short.
 */
final class VerifiedCounters {
    /** Lua: the run id of the Redis executing the script (new at every start, also after a failover). */
    static final String RUN_ID = "string.match(redis.call('INFO', 'server'), 'run_id:(%x+)')";

    /** Per counter (KEYS in pairs: counter, marker) its value, or '' when missing or not checked in this run. */
    private static final String READ = "local run = " + RUN_ID + "\n" + """
            local out = {}
            for i = 1, #KEYS, 2 do
              local v = redis.call('GET', KEYS[i])
              if v and redis.call('GET', KEYS[i + 1]) == run then out[#out + 1] = v else out[#out + 1] = '' end
            end
            return out
            """;

    /** Per pair of KEYS: raise the counter to ARGV (never lower it: a store may have moved it on) and mark it checked. */
    private static final String RAISE_AND_MARK = "local run = " + RUN_ID + "\n" + """
            for i = 1, #KEYS, 2 do
              local want = tonumber(ARGV[(i + 1) / 2])
              local cur = tonumber(redis.call('GET', KEYS[i]) or '')
              if cur == nil or want > cur then redis.call('SET', KEYS[i], ARGV[(i + 1) / 2]) end
              redis.call('SET', KEYS[i + 1], run)
            end
            return 1
            """;

    private VerifiedCounters() {
    }

    static String marker(String counterKey) {
        return counterKey + "_run_id";
    }

    /** The checked values of the counters, null for each one missing or not checked in this Redis run. */
    static List<Long> read(RedissonClient redis, List<String> counterKeys) {
        List<Object> keys = new ArrayList<>(counterKeys.size() * 2);
        for (String k : counterKeys) {
            keys.add(k);
            keys.add(marker(k));
        }
        List<Object> reply = redis.getScript(StringCodec.INSTANCE).eval(RScript.Mode.READ_WRITE, READ,
                RScript.ReturnType.LIST, keys);
        List<Long> out = new ArrayList<>(counterKeys.size());
        for (Object v : reply) {
            out.add(MessageReader.parseCounter(String.valueOf(v)));
        }
        return out;
    }

    /** Stores MySQL's values (counter key → last msg_id) as checked in this Redis run. */
    static void store(RedissonClient redis, Map<String, Long> fromMysql) {
        if (fromMysql.isEmpty()) {
            return;
        }
        List<Object> keys = new ArrayList<>(fromMysql.size() * 2);
        List<Object> values = new ArrayList<>(fromMysql.size());
        fromMysql.forEach((k, v) -> {
            keys.add(k);
            keys.add(marker(k));
            values.add(Long.toString(v));
        });
        redis.getScript(StringCodec.INSTANCE).eval(RScript.Mode.READ_WRITE, RAISE_AND_MARK, RScript.ReturnType.LONG,
                keys, values.toArray());
    }
}
