package io.teamtalkj.pdu;

/**
 * The push tier's command ids (messages in {@code teamtalk/push.proto}). Client-facing ones are
 * under service 0x0007 (0x0740-0x074f, after TeamTalk's last SID_OTHER command), internal ones
 * under {@link ServiceId#SID_INTERNAL} (0x0820-0x082f).
 */
public final class PushCommandId {
    /** {@code IMAppStateReport}: client -> msg-server, the app went to the foreground or background. */
    public static final int CID_PUSH_APP_STATE_REPORT = 0x0740;
    /** {@code IMAppStateRsp}: msg-server -> client. */
    public static final int CID_PUSH_APP_STATE_RSP = 0x0741;
    /** {@code IMPushSettingsReq}: client -> msg-server -> dbproxy, do-not-disturb window and time zone. */
    public static final int CID_PUSH_SETTINGS_REQ = 0x0742;
    /** {@code IMPushSettingsRsp}. */
    public static final int CID_PUSH_SETTINGS_RSP = 0x0743;
    /** {@code RemoveDeviceTokenReq}: msg-server -> dbproxy, a provider called a token invalid. */
    public static final int CID_INTERNAL_REMOVE_DEVICE_TOKEN_REQ = 0x0820;
    /** {@code RemoveDeviceTokenRsp}: dbproxy -> msg-server. */
    public static final int CID_INTERNAL_REMOVE_DEVICE_TOKEN_RSP = 0x0821;
    /** {@code DeviceStateReq}: msg-server -> dbproxy, a phone connected, changed app state or left (no answer). */
    public static final int CID_INTERNAL_DEVICE_STATE_REQ = 0x0822;

    private PushCommandId() {
    }
}
