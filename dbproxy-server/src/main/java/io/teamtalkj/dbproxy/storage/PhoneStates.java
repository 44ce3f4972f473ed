package io.teamtalkj.dbproxy.storage;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RBucket;
import org.redisson.api.RFuture;
import org.redisson.api.RedissonClient;

/**
 * Each user's phone connection as the msg-servers last reported it (0x0822): which device, which
 * connection, foreground or background. A user has one mobile connection in the cluster (a new one
 * kicks the old one on every msg-server), so one Redis value per user, {@code push_phone_<uid>} =
 * {@code "<connection id>\n<device id>\n<F|B>"}, is enough for every msg-server and the api-server
 * to tell active devices from inactive ones. The value only claims "last reported": readers gate
 * it with route-server presence (a msg-server that dies sends no DISCONNECTED, but presence drops
 * its users), and it expires after {@link #TTL} for users who vanish altogether.
 */
public final class PhoneStates {
    public static final Duration TTL = Duration.ofDays(7);

    /** A phone connection: its device and whether its app is in the foreground. */
    public record Phone(String connectionId, String deviceId, boolean foreground) {
    }

    private PhoneStates() {
    }

    public static String key(int userId) {
        return "push_phone_" + Integer.toUnsignedString(userId);
    }

    /** A phone logged in: it is the user's phone connection now, in the foreground. */
    public static void connected(RedissonClient redis, int userId, String connectionId, String deviceId) {
        redis.<String>getBucket(key(userId)).set(encode(new Phone(connectionId, deviceId, true)), TTL);
    }

    /**
     * The app of this connection went to the background or came back; ignored when another
     * connection has taken the user's phone slot since (a late report of a kicked connection).
     *
     * @return whether the state was recorded
     */
    public static boolean appState(RedissonClient redis, int userId, String connectionId, String deviceId, boolean foreground) {
        RBucket<String> bucket = redis.getBucket(key(userId));
        String next = encode(new Phone(connectionId, deviceId, foreground));
        for (int attempt = 0; attempt < 3; attempt++) {
            String now = bucket.get();
            Phone current = decode(now);
            if (current != null && !current.connectionId().equals(connectionId)) {
                return false;
            }
            if (bucket.compareAndSet(now, next)) {
                bucket.expire(TTL);
                return true;
            }
        }
        return false;
    }

    /** The connection went away: forgotten only while it is still the user's phone connection. */
    public static boolean disconnected(RedissonClient redis, int userId, String connectionId) {
        RBucket<String> bucket = redis.getBucket(key(userId));
        String now = bucket.get();
        Phone current = decode(now);
        return current != null && current.connectionId().equals(connectionId) && bucket.compareAndSet(now, null);
    }

    /** The last reported phone of each user (users without one are absent), in one pipeline. */
    public static Map<Integer, Phone> load(RedissonClient redis, Collection<Integer> users) {
        RBatch batch = redis.createBatch(BatchOptions.defaults());
        Map<Integer, RFuture<String>> values = new LinkedHashMap<>();
        for (int u : users) {
            values.put(u, batch.<String>getBucket(key(u)).getAsync());
        }
        batch.execute();
        Map<Integer, Phone> out = new LinkedHashMap<>();
        values.forEach((u, f) -> {
            Phone p = decode(f.toCompletableFuture().join());
            if (p != null) {
                out.put(u, p);
            }
        });
        return out;
    }

    static String encode(Phone p) {
        return p.connectionId() + "\n" + p.deviceId() + "\n" + (p.foreground() ? "F" : "B");
    }

    /** The stored phone, or null for a missing or foreign value. */
    static Phone decode(String value) {
        if (value == null) {
            return null;
        }
        String[] parts = value.split("\n", -1);
        if (parts.length != 3 || parts[0].isEmpty()) {
            return null;
        }
        return new Phone(parts[0], parts[1], parts[2].equals("F"));
    }
}
