package io.teamtalkj.dbproxy.storage;

/**
 * Redis key names: TeamTalk's (protocol §4.4) with the entity they belong to moved into a Redis
 * Cluster hash tag at the front ({@code unread_123} → {@code {u:123}unread}), so every set of keys
 * one Lua script touches lands in one slot (a cluster refuses a script across slots): a user's
 * {@code {u:id}}, a group's {@code {g:id}}, a one-to-one relation's {@code {r:id}}. Keys no script
 * shares with another keep TeamTalk's names. The README lists the mapping.
 */
public final class RedisKeys {
    private RedisKeys() {
    }

    /** Last msg_id of a one-to-one relation (string counter). */
    public static String msgId(long relateId) {
        return "{r:" + relateId + "}msg_id";
    }

    /** Last msg_id of a group (string counter). */
    public static String groupMsgId(int groupId) {
        return group(groupId) + "msg_id";
    }

    /** One-to-one unread counts of a user: hash field = sender id, value = count. */
    public static String unread(int userId) {
        return user(userId) + "unread";
    }

    /**
     * Field kept in every {@link #unread} hash we build, so an empty-but-known hash differs from
     * one Redis lost (which we rebuild from MySQL). TeamTalk reads it as sender 0 with count 0.
     */
    public static final String UNREAD_PRESENT_FIELD = "0";

    /**
     * Marks {@link #unread} of a user as built from MySQL: holds the run id (INFO server) of the
     * Redis that built it. A Redis restarted from an older snapshot or AOF has a new run id and
     * may have lost increments, so a marker from another run is not trusted (rebuilt instead).
     */
    public static String unreadBuilt(int userId) {
        return user(userId) + "unread_built";
    }

    /** TeamTalk's group message counter: hash field {@link #COUNT_FIELD} = the group's last msg_id. */
    public static String groupMsgCount(int groupId) {
        return group(groupId) + "im_group_msg";
    }

    /** TeamTalk's per-user group snapshot: hash field {@link #COUNT_FIELD} = the last msg_id the user has read. */
    public static String userGroupCount(int userId, int groupId) {
        return group(groupId) + userId + "_im_user_group";
    }

    /** The one field of {@link #groupMsgCount} and {@link #userGroupCount} hashes. */
    public static final String COUNT_FIELD = "count";

    /** Group members: hash field = user id, value = join time (unix s). */
    public static String groupMember(int groupId) {
        return group(groupId) + "group_member";
    }

    /** Per-user push mute of a group: hash field = "<userId>_1", value "0"/"1". */
    public static String groupSet(int groupId) {
        return group(groupId) + "group_set";
    }

    public static String groupShieldField(int userId) {
        return userId + "_1";
    }

    /** A user's push token: "ios:&lt;token&gt;", "android:&lt;token&gt;". */
    public static String deviceOfUser(int userId) {
        return "device_" + userId;
    }

    /** Reverse map from a token to its user. */
    public static String deviceOfToken(String token) {
        return "device_" + token;
    }

    /** Read by the health check to see that Redis answers; never written. */
    public static final String HEALTH_PROBE = "tt_health_probe";

    /** Failed login attempts of a user name (a sorted set of timestamps), shared by all dbproxies. */
    public static String loginFailures(String userName) {
        return "login_fail_" + userName;
    }

    /** Every {@link #unreadBuilt} marker (a SCAN pattern). */
    public static final String UNREAD_BUILT_PATTERN = "*}unread_built";

    private static String user(int userId) {
        return "{u:" + userId + "}";
    }

    private static String group(int groupId) {
        return "{g:" + groupId + "}";
    }

    /**
     * The Redis Cluster slot of a key (CRC16 of its hash tag, or of the whole key without one,
     * modulo 16384): keys one script touches must share it.
     */
    public static int slot(String key) {
        int open = key.indexOf('{');
        if (open >= 0) {
            int close = key.indexOf('}', open + 1);
            if (close > open + 1) {
                key = key.substring(open + 1, close);
            }
        }
        return org.redisson.connection.CRC16.crc16(key.getBytes(java.nio.charset.StandardCharsets.UTF_8)) % 16384;
    }
}
