package io.teamtalkj.push;

import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;

/**
 * One push to one device, as the push-server hands it to a provider.
 *
 * @param userId      the user the device belongs to
 * @param platform    the token's type (IOS, ANDROID); decides the provider
 * @param token       the device token the provider addresses
 * @param alert       the text shown ("nick: text"), already capped; empty for silent pushes
 * @param data        TeamTalk's JSON ({"msg_type":n,"from_id":n[,"group_id":n]})
 * @param badge       the user's total unread count
 * @param silent      a PC client of the user is online: update the badge, show and sound nothing
 * @param quiet       do-not-disturb: show the alert without sound (msg-server decides per user)
 * @param collapseId  pushes with the same id replace each other on the device; empty = none
 * @param msgId       the message announced (0 when unknown)
 * @param fromUserId  its sender
 * @param sessionId   peer user id (one-to-one) or group id
 * @param sessionType TeamTalk SessionType number (1 single, 2 group)
 * @param deviceId    the device the token belongs to ("" when the sender did not say)
 */
public record Notification(int userId, ClientType platform, String token, String alert, String data, int badge,
                           boolean silent, boolean quiet, String collapseId, int msgId, int fromUserId, int sessionId,
                           int sessionType, String deviceId) {

    /** Without a device id (senders that give none). */
    public Notification(int userId, ClientType platform, String token, String alert, String data, int badge,
                        boolean silent, boolean quiet, String collapseId, int msgId, int fromUserId, int sessionId,
                        int sessionType) {
        this(userId, platform, token, alert, data, badge, silent, quiet, collapseId, msgId, fromUserId, sessionId,
                sessionType, "");
    }

    /** Token shortened for logs: enough to tell devices apart, not enough to push to them. */
    public String tokenForLog() {
        return token.length() <= 12 ? token : token.substring(0, 8) + "…" + token.substring(token.length() - 4);
    }

    public String platformName() {
        return switch (platform) {
            case CLIENT_TYPE_IOS -> "ios";
            case CLIENT_TYPE_ANDROID -> "android";
            default -> platform.name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
