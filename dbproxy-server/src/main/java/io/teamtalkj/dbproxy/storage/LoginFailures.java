package io.teamtalkj.dbproxy.storage;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RScoredSortedSetAsync;
import org.redisson.api.RedissonClient;

/** Failed logins per user name in Redis, shared by all dbproxies (a sorted set of timestamps). */
public final class LoginFailures {
    private LoginFailures() {
    }

    /** Failures of this name in the last {@code windowSeconds}. */
    public static int recent(RedissonClient redis, String name, int now, int windowSeconds) {
        return redis.getScoredSortedSet(RedisKeys.loginFailures(name))
                .count(now - windowSeconds, false, Double.POSITIVE_INFINITY, true);
    }

    /** Records one failure and drops the ones older than the window (the set expires with it). */
    public static void record(RedissonClient redis, String name, int now, int windowSeconds) {
        RBatch batch = redis.createBatch(BatchOptions.defaults());
        RScoredSortedSetAsync<String> set = batch.getScoredSortedSet(RedisKeys.loginFailures(name));
        set.addAsync(now, now + ":" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        set.removeRangeByScoreAsync(Double.NEGATIVE_INFINITY, true, now - windowSeconds, true);
        set.expireAsync(Duration.ofSeconds(windowSeconds));
        batch.execute();
    }

    /** Forgets the failures of this name (after a successful login, or an operator's unlock). */
    public static void clear(RedissonClient redis, String name) {
        redis.getKeys().delete(RedisKeys.loginFailures(name));
    }
}
