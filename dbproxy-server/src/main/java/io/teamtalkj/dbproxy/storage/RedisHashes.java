package io.teamtalkj.dbproxy.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * Atomic writes of the cache hashes that mirror MySQL (group members, group mutes). Writers
 * replace a whole hash at once; readers that rebuilt a lost hash from MySQL only fill it in if
 * it is still missing, so a reader's stale copy never overwrites a writer's newer one.
 */
public final class RedisHashes {
    // Lua loops instead of unpack(): unpack is limited to a few thousand arguments.
    private static final String REPLACE = "redis.call('del', KEYS[1]) "
            + "for i = 1, #ARGV, 2 do redis.call('hset', KEYS[1], ARGV[i], ARGV[i + 1]) end "
            + "return 1";
    private static final String PUT_IF_ABSENT = "if redis.call('exists', KEYS[1]) == 1 then return 0 end "
            + "for i = 1, #ARGV, 2 do redis.call('hset', KEYS[1], ARGV[i], ARGV[i + 1]) end "
            + "return 1";
    private static final String REPLACE_UNLESS_FIELD = "if redis.call('hexists', KEYS[1], ARGV[1]) == 1 then return 0 end "
            + "redis.call('del', KEYS[1]) "
            + "for i = 2, #ARGV, 2 do redis.call('hset', KEYS[1], ARGV[i], ARGV[i + 1]) end "
            + "return 1";

    private RedisHashes() {
    }

    /** DEL + HSET of every field in one step; an empty map just deletes the hash. */
    public static void replace(RedissonClient redis, String key, Map<String, String> fields) {
        eval(redis, REPLACE, key, fields);
    }

    /** Writes the fields only if the hash does not exist; true if written. */
    public static boolean putAllIfAbsent(RedissonClient redis, String key, Map<String, String> fields) {
        if (fields.isEmpty()) {
            return false;
        }
        Long written = eval(redis, PUT_IF_ABSENT, key, fields);
        return written != null && written == 1L;
    }

    /**
     * Replaces the hash with the fields unless it already has {@code marker}, a field only
     * complete copies carry; true if written. A missing hash counts as lacking it.
     */
    public static boolean replaceUnlessField(RedissonClient redis, String key, String marker, Map<String, String> fields) {
        Long written = eval(redis, REPLACE_UNLESS_FIELD, key, fields, marker);
        return written != null && written == 1L;
    }

    private static Long eval(RedissonClient redis, String script, String key, Map<String, String> fields,
                             Object... leading) {
        List<Object> args = new ArrayList<>(leading.length + fields.size() * 2);
        args.addAll(List.of(leading));
        fields.forEach((k, v) -> {
            args.add(k);
            args.add(v);
        });
        return redis.getScript(StringCodec.INSTANCE).eval(RScript.Mode.READ_WRITE, script, RScript.ReturnType.LONG,
                List.of(key), args.toArray());
    }
}
