package io.teamtalkj.dbproxy.handler;

import com.google.protobuf.Parser;
import com.mogujie.tt.protobuf.IMBaseDefine.MsgInfo;
import com.mogujie.tt.protobuf.IMMessage.IMGetMsgByIdReq;
import com.mogujie.tt.protobuf.IMMessage.IMGetMsgByIdRsp;
import io.teamtalkj.dbproxy.core.DbContext;
import io.teamtalkj.dbproxy.core.DbHandler;
import io.teamtalkj.pdu.Conversations;
import io.teamtalkj.pdu.Reply;
import io.teamtalkj.dbproxy.storage.Conversation;
import io.teamtalkj.dbproxy.storage.MessageReader;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Failure;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * CID_MSG_GET_BY_MSG_ID_REQ (0x030d): the listed messages of one session (newest first), at most
 * msgByIdCap distinct ids, with the history rules (membership and join time for groups).
 */
public final class GetMsgByIdHandler implements DbHandler<IMGetMsgByIdReq> {
    @Override
    public int commandId() {
        return CommandId.CID_MSG_GET_BY_MSG_ID_REQ;
    }

    @Override
    public Parser<IMGetMsgByIdReq> parser() {
        return IMGetMsgByIdReq.parser();
    }

    @Override
    public long orderingKey(IMGetMsgByIdReq m) {
        return Conversations.user(m.getUserId());
    }

    @Override
    public Reply handle(IMGetMsgByIdReq m, DbContext ctx) throws Exception {
        Set<Long> ids = new LinkedHashSet<>();
        for (int id : m.getMsgIdListList()) {
            if (ids.size() >= ctx.config().msgByIdCap) {
                break;
            }
            if (id != 0) {
                ids.add(Integer.toUnsignedLong(id));
            }
        }
        List<MsgInfo> msgs = ctx.storage().read(c -> {
            Conversation conv = Conversation.resolve(ctx.groupMembers(), ctx.relations(), c, m.getUserId(), m.getSessionType(), m.getSessionId());
            if (conv == null || ids.isEmpty()) {
                return List.<MsgInfo>of();
            }
            return MessageReader.toMsgInfos(c, MessageReader.byIds(c, conv, ids), conv.isGroup());
        });
        return reply(m, msgs);
    }

    @Override
    public Reply onFailure(IMGetMsgByIdReq m, Failure failure, String reason) {
        return reply(m, List.of());
    }

    private static Reply reply(IMGetMsgByIdReq m, List<MsgInfo> msgs) {
        IMGetMsgByIdRsp.Builder b = IMGetMsgByIdRsp.newBuilder().setUserId(m.getUserId())
                .setSessionType(m.getSessionType()).setSessionId(m.getSessionId()).addAllMsgList(msgs);
        return Reply.of(CommandId.CID_MSG_GET_BY_MSG_ID_RES, b.build());
    }
}
