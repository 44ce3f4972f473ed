package io.teamtalkj.dbproxy.handler;

import com.google.protobuf.Parser;
import com.mogujie.tt.protobuf.IMBaseDefine.SessionType;
import com.mogujie.tt.protobuf.IMMessage.IMMsgDataReadAck;
import io.teamtalkj.dbproxy.core.DbContext;
import io.teamtalkj.dbproxy.core.DbHandler;
import io.teamtalkj.pdu.Conversations;
import io.teamtalkj.pdu.Reply;
import io.teamtalkj.dbproxy.storage.ReadPositions;
import io.teamtalkj.pdu.CommandId;
import java.sql.Connection;

/**
 * CID_MSG_READ_ACK (0x0303): the user read a session up to its latest message. No reply (as in
 * TeamTalk). Keyed like the conversation's message stores, so an ack never overtakes a message
 * stored before it and never clears a count for a message stored after it.
 */
public final class MsgReadAckHandler implements DbHandler<IMMsgDataReadAck> {
    @Override
    public int commandId() {
        return CommandId.CID_MSG_READ_ACK;
    }

    @Override
    public Parser<IMMsgDataReadAck> parser() {
        return IMMsgDataReadAck.parser();
    }

    @Override
    public long orderingKey(IMMsgDataReadAck m) {
        return m.getSessionType() == SessionType.SESSION_TYPE_GROUP ? Conversations.group(m.getSessionId())
                : Conversations.pair(m.getUserId(), m.getSessionId());
    }

    @Override
    public Reply handle(IMMsgDataReadAck m, DbContext ctx) throws Exception {
        try (Connection c = ctx.storage().connection()) {
            if (m.getSessionType() == SessionType.SESSION_TYPE_GROUP) {
                ReadPositions.markGroupRead(ctx.groupMembers(), ctx.storage().redis(), c, m.getUserId(), m.getSessionId(),
                        ctx.now());
            } else {
                ReadPositions.markSingleRead(ctx.relations(), ctx.storage().redis(), c, m.getUserId(), m.getSessionId(),
                        ctx.now());
            }
        }
        return Reply.NONE;
    }
}
