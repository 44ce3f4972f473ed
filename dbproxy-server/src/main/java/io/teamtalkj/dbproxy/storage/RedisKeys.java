package io.teamtalkj.dbproxy.storage;

/** TeamTalk's Redis key names (protocol §4.4), kept so tools that know them keep working. */
public final class RedisKeys {
    private RedisKeys() {
    }

    /** Last msg_id of a one-to-one relation (string counter). */
    public static String msgId(long relateId) {
        return "msg_id_" + relateId;
    }

    /** Last msg_id of a group (string counter). */
    public static String groupMsgId(int groupId) {
        return "group_msg_id_" + groupId;
    }

    /** One-to-one unread counts of a user: hash field = sender id, value = count. */
    public static String unread(int userId) {
        return "unread_" + userId;
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
        return "unread_built_" + userId;
    }

    /** TeamTalk's group message counter: hash field {@link #COUNT_FIELD} = the group's last msg_id. */
    public static String groupMsgCount(int groupId) {
        return groupId + "_im_group_msg";
    }

    /** TeamTalk's per-user group snapshot: hash field {@link #COUNT_FIELD} = the last msg_id the user has read. */
    public static String userGroupCount(int userId, int groupId) {
        return userId + "_" + groupId + "_im_user_group";
    }

    /** The one field of {@link #groupMsgCount} and {@link #userGroupCount} hashes. */
    public static final String COUNT_FIELD = "count";

    /** Group members: hash field = user id, value = join time (unix s). */
    public static String groupMember(int groupId) {
        return "group_member_" + groupId;
    }

    /** Per-user push mute of a group: hash field = "<userId>_1", value "0"/"1". */
    public static String groupSet(int groupId) {
        return "group_set_" + groupId;
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
}
