package io.teamtalkj.dbproxy.handler;

import com.google.protobuf.Parser;
import com.mogujie.tt.protobuf.IMMessage.IMMsgData;
import io.teamtalkj.dbproxy.core.BatchDbHandler;
import io.teamtalkj.dbproxy.core.DbContext;
import io.teamtalkj.pdu.Conversations;
import io.teamtalkj.pdu.Reply;
import io.teamtalkj.dbproxy.storage.MessageStore;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Failure;
import io.teamtalkj.pdu.MsgTypes;
import io.teamtalkj.pdu.ext.MsgStoreResult;
import java.util.List;

/**
 * CID_MSG_DATA (0x0301): stores one-to-one and group messages. The reply (the same IMMsgData
 * with msg_id set) is sent only after the transaction holding the message committed; a message
 * that was not stored is answered with msg_id 0 and a reason, never dropped silently.
 */
public final class MsgDataHandler implements BatchDbHandler<IMMsgData> {
    @Override
    public int commandId() {
        return CommandId.CID_MSG_DATA;
    }

    @Override
    public Parser<IMMsgData> parser() {
        return IMMsgData.parser();
    }

    @Override
    public long orderingKey(IMMsgData m) {
        return MsgTypes.isGroup(m.getMsgType()) ? Conversations.group(m.getToSessionId())
                : Conversations.pair(m.getFromUserId(), m.getToSessionId());
    }

    @Override
    public List<Reply> handleBatch(List<IMMsgData> requests, DbContext ctx) throws Exception {
        return ctx.messages().store(requests);
    }

    @Override
    public Reply onFailure(IMMsgData request, Failure failure, String reason) {
        MsgStoreResult result = failure == Failure.OVERLOADED ? MsgStoreResult.STORE_OVERLOADED : MsgStoreResult.STORE_FAILED;
        return Reply.of(CommandId.CID_MSG_DATA, MessageStore.refused(request, result, reason));
    }
}
