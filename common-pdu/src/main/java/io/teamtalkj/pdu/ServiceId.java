package io.teamtalkj.pdu;

/** TeamTalk service ids (IM.BaseDefine ServiceID). The service of a command is its high byte. */
public final class ServiceId {
    public static final int SID_LOGIN = 0x0001;
    public static final int SID_BUDDY_LIST = 0x0002;
    public static final int SID_MSG = 0x0003;
    public static final int SID_GROUP = 0x0004;
    public static final int SID_FILE = 0x0005;
    public static final int SID_SWITCH_SERVICE = 0x0006;
    public static final int SID_OTHER = 0x0007;
    /** Declared by TeamTalk, never used on the wire. */
    public static final int SID_INTERNAL = 0x0008;

    private ServiceId() {
    }

    /** The service a command belongs to; Android dispatches on it, so outgoing frames must carry it. */
    public static int of(int commandId) {
        return (commandId >>> 8) & 0xff;
    }
}
