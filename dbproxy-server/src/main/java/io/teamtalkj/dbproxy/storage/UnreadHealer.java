package io.teamtalkj.dbproxy.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.redisson.api.RScript;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Repairs Redis after a post-commit update failed (Redis down or timing out): the messages are in
 * MySQL, but the receivers' unread counts and the groups' counters missed them, and nothing
 * would ever notice. The affected users and groups are remembered (in memory, bounded) and,
 * once Redis has answered for {@link #SETTLE_MILLIS}, rebuilt from MySQL. Past the bound every
 * unread marker is dropped instead, so each user's counts are rebuilt on their next read.
 */
public final class UnreadHealer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(UnreadHealer.class);

    /** Redis must answer this long before we heal (a restarting server often flaps). */
    static final long SETTLE_MILLIS = 1_000;
    private static final long POLL_MILLIS = 250;

    /** Sets a counter (KEYS[1] string, KEYS[2] hash field 'count') to ARGV[1] unless it is already higher. */
    private static final String RAISE_GROUP_COUNTERS = """
            local cur = tonumber(redis.call('GET', KEYS[1]) or '0') or 0
            if tonumber(ARGV[1]) > cur then redis.call('SET', KEYS[1], ARGV[1]) end
            cur = tonumber(redis.call('HGET', KEYS[2], 'count') or '0') or 0
            if tonumber(ARGV[1]) > cur then redis.call('HSET', KEYS[2], 'count', ARGV[1]) end
            return 1
            """;

    private final Storage storage;
    private final int maxDirty;
    private final Set<Integer> dirtyUsers = ConcurrentHashMap.newKeySet();
    private final Set<Integer> dirtyGroups = ConcurrentHashMap.newKeySet();
    /** Too many to remember: drop every marker once Redis is back. */
    private final AtomicBoolean overflowed = new AtomicBoolean();
    private final AtomicLong healed = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    UnreadHealer(Storage storage, int maxDirty) {
        this.storage = storage;
        this.maxDirty = maxDirty;
        this.thread = new Thread(this::run, "dbproxy-unread-healer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Remembers users whose unread counts and groups whose counters missed a committed message. */
    public void markDirty(Collection<Integer> users, Collection<Integer> groups) {
        if (overflowed.get() || dirtyUsers.size() + users.size() > maxDirty) {
            if (overflowed.compareAndSet(false, true)) {
                log.warn("more than {} users await an unread rebuild; every unread count will be rebuilt on its"
                        + " next read once Redis is back", maxDirty);
            }
            dirtyUsers.clear();
        } else {
            dirtyUsers.addAll(users);
        }
        // groups past the bound heal with their next message (it sets the counters)
        if (dirtyGroups.size() + groups.size() <= maxDirty) {
            dirtyGroups.addAll(groups);
        }
        synchronized (this) {
            notifyAll();
        }
    }

    /** Users and groups waiting to be rebuilt (0 once healed). */
    public int pending() {
        return dirtyUsers.size() + dirtyGroups.size() + (overflowed.get() ? 1 : 0);
    }

    /** Users and groups rebuilt so far. */
    public long healed() {
        return healed.get();
    }

    private void run() {
        long answeringSince = -1;
        while (running) {
            try {
                synchronized (this) {
                    wait(POLL_MILLIS);
                }
            } catch (InterruptedException e) {
                return;
            }
            if (pending() == 0) {
                answeringSince = -1;
                continue;
            }
            if (!storage.redisAlive()) {
                answeringSince = -1;
                continue;
            }
            long now = System.nanoTime();
            if (answeringSince < 0) {
                answeringSince = now;
            }
            if (now - answeringSince < TimeUnit.MILLISECONDS.toNanos(SETTLE_MILLIS)) {
                continue;
            }
            try {
                heal();
            } catch (RuntimeException | SQLException e) {
                // still dirty: tried again on the next round
                log.warn("unread rebuild failed, retrying: {}", e.toString());
                answeringSince = -1;
            }
        }
    }

    private void heal() throws SQLException {
        if (overflowed.get()) {
            long dropped = storage.redis().getKeys().deleteByPattern(RedisKeys.UNREAD_BUILT_PATTERN);
            overflowed.set(false);
            log.info("dropped {} unread markers after a Redis outage; counts are rebuilt on their next read", dropped);
        }
        List<Integer> users = new ArrayList<>(dirtyUsers);
        List<Integer> groups = new ArrayList<>(dirtyGroups);
        if (users.isEmpty() && groups.isEmpty()) {
            return;
        }
        try (Connection c = storage.connection()) {
            for (Integer uid : users) {
                UnreadCounts.rebuild(storage.redis(), c, uid);
                dirtyUsers.remove(uid);
                healed.incrementAndGet();
            }
            for (Integer gid : groups) {
                long max = MessageReader.maxId(c, Conversation.group(gid, 0));
                storage.redis().getScript(StringCodec.INSTANCE).eval(RScript.Mode.READ_WRITE, RAISE_GROUP_COUNTERS,
                        RScript.ReturnType.LONG, groupCounterKeys(gid),
                        Long.toString(max));
                dirtyGroups.remove(gid);
                healed.incrementAndGet();
            }
        }
        log.info("rebuilt unread counts of {} users and counters of {} groups from MySQL after a failed Redis update",
                users.size(), groups.size());
    }

    /** KEYS of {@link #RAISE_GROUP_COUNTERS}: a group's two counters (one hash tag, so one cluster slot). */
    static List<Object> groupCounterKeys(int groupId) {
        return List.of(RedisKeys.groupMsgId(groupId), RedisKeys.groupMsgCount(groupId));
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
