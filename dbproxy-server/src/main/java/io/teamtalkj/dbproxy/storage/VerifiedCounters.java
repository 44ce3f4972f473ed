package io.teamtalkj.dbproxy.storage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RFuture;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * msg_id counters in Redis ({@code {r:<rid>}msg_id}, {@code {g:<gid>}msg_id}) that are trusted
 * only once checked against MySQL during the current Redis run: {@code <counter>_run_id} holds
 * the run id (INFO server) of the Redis that checked it (same hash tag, so the same cluster node). A Redis restarted from disk may have
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
        if (counterKeys.isEmpty()) {
            return List.of();
        }
        Long[] out = new Long[counterKeys.size()];
        Map<Integer, List<Integer>> bySlot = bySlot(redis, counterKeys);
        if (bySlot.size() == 1) {
            List<Object> reply = redis.getScript(StringCodec.INSTANCE).eval(RScript.Mode.READ_WRITE, READ,
                    RScript.ReturnType.LIST, pairs(counterKeys, bySlot.values().iterator().next()));
            fill(out, bySlot.values().iterator().next(), reply);
            return Arrays.asList(out);
        }
        // a Redis Cluster refuses a script over keys of several slots: one script per slot, in one pipeline
        RBatch batch = redis.createBatch(BatchOptions.defaults());
        Map<List<Integer>, RFuture<List<Object>>> replies = new LinkedHashMap<>();
        for (List<Integer> idx : bySlot.values()) {
            replies.put(idx, batch.getScript(StringCodec.INSTANCE).evalAsync(RScript.Mode.READ_WRITE, READ,
                    RScript.ReturnType.LIST, pairs(counterKeys, idx)));
        }
        batch.execute();
        replies.forEach((idx, reply) -> fill(out, idx, reply.toCompletableFuture().join()));
        return Arrays.asList(out);
    }

    private static void fill(Long[] out, List<Integer> idx, List<Object> reply) {
        for (int i = 0; i < idx.size(); i++) {
            out[idx.get(i)] = MessageReader.parseCounter(String.valueOf(reply.get(i)));
        }
    }

    /** KEYS of the scripts: counter, marker, counter, marker... */
    static List<Object> pairs(List<String> counterKeys, List<Integer> idx) {
        List<Object> keys = new ArrayList<>(idx.size() * 2);
        for (int i : idx) {
            keys.add(counterKeys.get(i));
            keys.add(marker(counterKeys.get(i)));
        }
        return keys;
    }

    /** Indexes of the keys per cluster slot; one group holding all of them when Redis is not a cluster. */
    static Map<Integer, List<Integer>> bySlot(RedissonClient redis, List<String> keys) {
        return bySlot(redis.getConfig().isClusterConfig(), keys);
    }

    static Map<Integer, List<Integer>> bySlot(boolean cluster, List<String> keys) {
        Map<Integer, List<Integer>> out = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            out.computeIfAbsent(cluster ? RedisKeys.slot(keys.get(i)) : 0, s -> new ArrayList<>()).add(i);
        }
        return out;
    }

    /** Stores MySQL's values (counter key → last msg_id) as checked in this Redis run. */
    static void store(RedissonClient redis, Map<String, Long> fromMysql) {
        if (fromMysql.isEmpty()) {
            return;
        }
        List<String> counters = new ArrayList<>(fromMysql.keySet());
        Map<Integer, List<Integer>> bySlot = bySlot(redis, counters);
        if (bySlot.size() == 1) {
            redis.getScript(StringCodec.INSTANCE).eval(RScript.Mode.READ_WRITE, RAISE_AND_MARK, RScript.ReturnType.LONG,
                    pairs(counters, bySlot.values().iterator().next()), values(counters, fromMysql, bySlot.values().iterator().next()));
            return;
        }
        RBatch batch = redis.createBatch(BatchOptions.defaults());
        for (List<Integer> idx : bySlot.values()) {
            batch.getScript(StringCodec.INSTANCE).evalAsync(RScript.Mode.READ_WRITE, RAISE_AND_MARK,
                    RScript.ReturnType.LONG, pairs(counters, idx), values(counters, fromMysql, idx));
        }
        batch.execute();
    }

    private static Object[] values(List<String> counters, Map<String, Long> fromMysql, List<Integer> idx) {
        Object[] out = new Object[idx.size()];
        for (int i = 0; i < idx.size(); i++) {
            out[i] = Long.toString(fromMysql.get(counters.get(idx.get(i))));
        }
        return out;
    }
}
