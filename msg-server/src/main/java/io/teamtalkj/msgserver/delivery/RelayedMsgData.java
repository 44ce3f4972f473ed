package io.teamtalkj.msgserver.delivery;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import com.mogujie.tt.protobuf.IMBaseDefine.MsgType;
import io.teamtalkj.msgserver.session.UnackedDeliveries;
import io.teamtalkj.pdu.MsgTypes;
import java.io.IOException;

/**
 * The receiver-ack key and sender of a relayed IMMsgData, read from the head of its body without
 * parsing the message: protobuf writes fields in number order, and from_user_id (1), to_session_id
 * (2), msg_id (3) and msg_type (5) all come before msg_data (6), so the scan stops there and the
 * content is never copied.
 */
record RelayedMsgData(int fromUserId, long ackKey) {
    private static final int MSG_DATA_FIELD = 6;

    static RelayedMsgData of(ByteString body) throws IOException {
        CodedInputStream in = body.newCodedInput();
        int from = 0;
        int to = 0;
        int msgId = 0;
        int msgType = 0;
        for (int tag = in.readTag(); tag != 0 && WireFormat.getTagFieldNumber(tag) < MSG_DATA_FIELD; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> from = in.readUInt32();
                case 2 -> to = in.readUInt32();
                case 3 -> msgId = in.readUInt32();
                case 5 -> msgType = in.readEnum();
                default -> in.skipField(tag);
            }
        }
        boolean group = MsgTypes.isGroup(MsgType.forNumber(msgType));
        return new RelayedMsgData(from, UnackedDeliveries.key(group, group ? to : from, msgId));
    }
}
