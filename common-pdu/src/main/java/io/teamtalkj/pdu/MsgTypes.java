package io.teamtalkj.pdu;

import com.mogujie.tt.protobuf.IMBaseDefine.MsgType;

/** What a TeamTalk MsgType says about a message: group ones have bit 0x10 (0x11 text, 0x12 audio). */
public final class MsgTypes {
    private MsgTypes() {
    }

    public static boolean isGroup(MsgType type) {
        return type == MsgType.MSG_TYPE_GROUP_TEXT || type == MsgType.MSG_TYPE_GROUP_AUDIO;
    }
}
