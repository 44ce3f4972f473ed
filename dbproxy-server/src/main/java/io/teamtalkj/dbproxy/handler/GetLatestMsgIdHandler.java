package io.teamtalkj.dbproxy.handler;

import com.google.protobuf.Parser;
import com.mogujie.tt.protobuf.IMMessage.IMGetLatestMsgIdReq;
import com.mogujie.tt.protobuf.IMMessage.IMGetLatestMsgIdRsp;
import io.teamtalkj.dbproxy.core.DbContext;
import io.teamtalkj.dbproxy.core.DbHandler;
import io.teamtalkj.pdu.Conversations;
import io.teamtalkj.pdu.Reply;
import io.teamtalkj.dbproxy.storage.Conversation;
import io.teamtalkj.dbproxy.storage.MessageReader;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Failure;
import java.sql.Connection;

/**
 * CID_MSG_GET_LATEST_MSG_ID_REQ (0x030b): the session's last msg_id from the Redis counter, or
 * MySQL when Redis lost it; 0 when there is no message, the pair never talked, or the user is
 * not a member of the group.
 */
public final class GetLatestMsgIdHandler implements DbHandler<IMGetLatestMsgIdReq> {
    @Override
    public int commandId() {
        return CommandId.CID_MSG_GET_LATEST_MSG_ID_REQ;
    }

    @Override
    public Parser<IMGetLatestMsgIdReq> parser() {
        return IMGetLatestMsgIdReq.parser();
    }

    @Override
    public long orderingKey(IMGetLatestMsgIdReq m) {
        return Conversations.user(m.getUserId());
    }

    @Override
    public Reply handle(IMGetLatestMsgIdReq m, DbContext ctx) throws Exception {
        long latest = 0;
        try (Connection c = ctx.storage().connection()) {
            Conversation conv = Conversation.resolve(ctx.groupMembers(), ctx.relations(), c, m.getUserId(), m.getSessionType(), m.getSessionId());
            if (conv != null) {
                latest = MessageReader.latestId(ctx.storage().redis(), c, conv);
            }
        }
        return reply(m, latest);
    }

    @Override
    public Reply onFailure(IMGetLatestMsgIdReq m, Failure failure, String reason) {
        return reply(m, 0);
    }

    private static Reply reply(IMGetLatestMsgIdReq m, long latest) {
        IMGetLatestMsgIdRsp.Builder b = IMGetLatestMsgIdRsp.newBuilder().setUserId(m.getUserId())
                .setSessionType(m.getSessionType()).setSessionId(m.getSessionId()).setLatestMsgId((int) latest);
        return Reply.of(CommandId.CID_MSG_GET_LATEST_MSG_ID_RSP, b.build());
    }
}
