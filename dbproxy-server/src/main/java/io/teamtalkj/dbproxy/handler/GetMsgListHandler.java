package io.teamtalkj.dbproxy.handler;

import com.google.protobuf.Parser;
import com.mogujie.tt.protobuf.IMBaseDefine.MsgInfo;
import com.mogujie.tt.protobuf.IMMessage.IMGetMsgListReq;
import com.mogujie.tt.protobuf.IMMessage.IMGetMsgListRsp;
import io.teamtalkj.dbproxy.core.DbContext;
import io.teamtalkj.dbproxy.core.DbHandler;
import io.teamtalkj.pdu.Conversations;
import io.teamtalkj.pdu.Reply;
import io.teamtalkj.dbproxy.storage.Conversation;
import io.teamtalkj.dbproxy.storage.MessageReader;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Failure;
import java.util.List;

/**
 * CID_MSG_LIST_REQUEST (0x0309): a history page, newest first, from msg_id_begin (inclusive; 0 =
 * the latest). msg_cnt is capped (TeamTalk let the client ask for any number of rows). Group
 * history needs membership and starts at the user's join time; a non-member or a pair that never
 * talked gets an empty list.
 */
public final class GetMsgListHandler implements DbHandler<IMGetMsgListReq> {
    @Override
    public int commandId() {
        return CommandId.CID_MSG_LIST_REQUEST;
    }

    @Override
    public Parser<IMGetMsgListReq> parser() {
        return IMGetMsgListReq.parser();
    }

    @Override
    public long orderingKey(IMGetMsgListReq m) {
        return Conversations.user(m.getUserId());
    }

    @Override
    public Reply handle(IMGetMsgListReq m, DbContext ctx) throws Exception {
        int limit = (int) Math.min(Integer.toUnsignedLong(m.getMsgCnt()), ctx.config().historyPageCap);
        // history may lag a little: a read replica serves it when one is caught up
        List<MsgInfo> msgs = ctx.storage().read(c -> {
            Conversation conv = Conversation.resolve(ctx.groupMembers(), ctx.relations(), c, m.getUserId(), m.getSessionType(), m.getSessionId());
            if (conv == null || limit <= 0) {
                return List.<MsgInfo>of();
            }
            List<MessageReader.Row> rows = MessageReader.page(c, conv, Integer.toUnsignedLong(m.getMsgIdBegin()), limit);
            return MessageReader.toMsgInfos(c, rows, conv.isGroup());
        });
        return reply(m, msgs);
    }

    @Override
    public Reply onFailure(IMGetMsgListReq m, Failure failure, String reason) {
        return reply(m, List.of());
    }

    private static Reply reply(IMGetMsgListReq m, List<MsgInfo> msgs) {
        IMGetMsgListRsp.Builder b = IMGetMsgListRsp.newBuilder().setUserId(m.getUserId())
                .setSessionType(m.getSessionType()).setSessionId(m.getSessionId()).setMsgIdBegin(m.getMsgIdBegin())
                .addAllMsgList(msgs);
        return Reply.of(CommandId.CID_MSG_LIST_RESPONSE, b.build());
    }
}
