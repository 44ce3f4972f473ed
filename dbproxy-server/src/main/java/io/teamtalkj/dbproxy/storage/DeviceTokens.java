package io.teamtalkj.dbproxy.storage;

import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RBucket;
import org.redisson.api.RFuture;
import org.redisson.api.RedissonClient;

/**
 * TeamTalk's device-token values in Redis: {@code device_<uid>} holds {@code "ios:<token>"},
 * {@code "android:<token>"} or a bare token (other client types), {@code device_<token>} holds
 * the user id the token belongs to.
 */
public final class DeviceTokens {
    public static final String IOS = "ios:";
    public static final String ANDROID = "android:";
    /** APNs tokens are 64 hex chars, FCM tokens ~160; longer values are refused. */
    public static final int MAX_TOKEN_CHARS = 256;

    private DeviceTokens() {
    }

    /** Where to push for one user, and the badge count (the user's one-to-one unread total). */
    public record PushTarget(int userId, ClientType type, String token, int unread) {
    }

    /**
     * Makes {@code token} the user's only push token (an empty token removes the user's token).
     * A token belongs to one user: a phone that changes hands stops pushing to its previous user.
     */
    public static void replace(RedissonClient redis, int userId, ClientType type, String token) {
        String uid = Integer.toUnsignedString(userId);
        RBucket<String> own = redis.getBucket(RedisKeys.deviceOfUser(userId));
        String oldToken = token(own.get());
        if (token.isEmpty()) {
            own.delete();
            if (oldToken != null) {
                forgetToken(redis, oldToken, uid);
            }
            return;
        }
        if (oldToken != null && !oldToken.equals(token)) {
            forgetToken(redis, oldToken, uid);
        }
        RBucket<String> reverse = redis.getBucket(RedisKeys.deviceOfToken(token));
        String previousOwner = reverse.get();
        Integer previousId = previousOwner == null || previousOwner.equals(uid) ? null : parseUserId(previousOwner);
        if (previousId != null) {
            // the phone now belongs to this user: the previous user must not get pushes on it
            RBucket<String> theirs = redis.getBucket(RedisKeys.deviceOfUser(previousId));
            String theirValue = theirs.get();
            if (token.equals(token(theirValue))) {
                theirs.compareAndSet(theirValue, null);
            }
        }
        own.set(value(type, token));
        reverse.set(uid);
    }

    /**
     * Removes {@code token} from the user if it is still the user's token (a push service called it
     * invalid); a token registered since is kept. Compare-and-delete on both keys.
     *
     * @return whether the token was removed
     */
    public static boolean removeIfCurrent(RedissonClient redis, int userId, String token) {
        RBucket<String> own = redis.getBucket(RedisKeys.deviceOfUser(userId));
        String value = own.get();
        if (value == null || !token.equals(token(value))) {
            return false;
        }
        boolean removed = own.compareAndSet(value, null);
        forgetToken(redis, token, Integer.toUnsignedString(userId));
        return removed;
    }

    private static void forgetToken(RedissonClient redis, String token, String uid) {
        redis.<String>getBucket(RedisKeys.deviceOfToken(token)).compareAndSet(uid, null);
    }

    private static Integer parseUserId(String s) {
        try {
            return Integer.parseUnsignedInt(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * The push targets of these users in their order (one Redis pipeline); users without a token of
     * a known platform are left out.
     */
    public static List<PushTarget> pushTargets(RedissonClient redis, Collection<Integer> userIds) {
        List<PushTarget> targets = new ArrayList<>();
        userValues(redis, userIds).forEach((id, v) -> {
            ClientType type = type(v.legacyValue());
            String token = token(v.legacyValue());
            if (type != null && token != null && !token.isEmpty()) {
                targets.add(new PushTarget(id, type, token, v.unread()));
            }
        });
        return targets;
    }

    /** What Redis holds for one user: TeamTalk's one token value (may be null) and the unread total. */
    public record UserValues(String legacyValue, int unread) {
    }

    /** {@link UserValues} of these users in one pipeline. */
    public static Map<Integer, UserValues> userValues(RedissonClient redis, Collection<Integer> userIds) {
        RBatch batch = redis.createBatch(BatchOptions.defaults());
        Map<Integer, RFuture<String>> tokens = new LinkedHashMap<>();
        Map<Integer, RFuture<Map<String, String>>> unread = new LinkedHashMap<>();
        for (int id : userIds) {
            tokens.put(id, batch.<String>getBucket(RedisKeys.deviceOfUser(id)).getAsync());
            unread.put(id, batch.<String, String>getMap(RedisKeys.unread(id)).readAllMapAsync());
        }
        batch.execute();
        Map<Integer, UserValues> out = new LinkedHashMap<>();
        for (int id : userIds) {
            out.put(id, new UserValues(tokens.get(id).toCompletableFuture().join(),
                    unreadTotal(unread.get(id).toCompletableFuture().join())));
        }
        return out;
    }

    /** Sum of the per-sender counts, skipping the "hash present" marker and unparsable values. */
    static int unreadTotal(Map<String, String> hash) {
        long sum = 0;
        for (Map.Entry<String, String> e : hash.entrySet()) {
            if (RedisKeys.UNREAD_PRESENT_FIELD.equals(e.getKey())) {
                continue;
            }
            try {
                long n = (long) Double.parseDouble(e.getValue()); // HINCRBYFLOAT may leave "3" or "3.0"
                if (n > 0) {
                    sum += n;
                }
            } catch (NumberFormatException ignored) {
                // a foreign value: not a count
            }
        }
        return (int) Math.min(sum, Integer.MAX_VALUE);
    }

    /** The stored form of a token sent from a client of this type. */
    public static String value(ClientType type, String token) {
        if (type == ClientType.CLIENT_TYPE_IOS) {
            return IOS + token;
        }
        if (type == ClientType.CLIENT_TYPE_ANDROID) {
            return ANDROID + token;
        }
        return token;
    }

    /** The token inside a stored value, or null for a missing/empty value. */
    public static String token(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.startsWith(IOS)) {
            return value.substring(IOS.length());
        }
        if (value.startsWith(ANDROID)) {
            return value.substring(ANDROID.length());
        }
        return value;
    }

    /** The push platform of a stored value; null for a bare token (no push service known for it). */
    public static ClientType type(String value) {
        if (value == null) {
            return null;
        }
        if (value.startsWith(IOS)) {
            return ClientType.CLIENT_TYPE_IOS;
        }
        if (value.startsWith(ANDROID)) {
            return ClientType.CLIENT_TYPE_ANDROID;
        }
        return null;
    }

    /**
     * Whether a token can be stored. A token of digits only is refused because its reverse key
     * {@code device_<token>} would be the key of the user with that id (TeamTalk's key scheme).
     */
    public static boolean acceptable(String token) {
        if (token.length() > MAX_TOKEN_CHARS) {
            return false;
        }
        boolean allDigits = true;
        for (int i = 0; i < token.length(); i++) {
            char ch = token.charAt(i);
            if (Character.isWhitespace(ch) || Character.isISOControl(ch)) {
                return false;
            }
            if (ch < '0' || ch > '9') {
                allDigits = false;
            }
        }
        return !allDigits;
    }
}
