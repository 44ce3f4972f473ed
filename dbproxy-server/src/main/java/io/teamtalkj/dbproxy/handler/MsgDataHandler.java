package io.teamtalkj.dbproxy.handler;

import com.google.protobuf.Parser;
import com.mogujie.tt.protobuf.IMMessage.IMMsgData;
import io.teamtalkj.dbproxy.core.BatchDbHandler;
import io.teamtalkj.dbproxy.core.DbContext;
import io.teamtalkj.pdu.Conversations;
import io.teamtalkj.pdu.Reply;
import io.teamtalkj.dbproxy.storage.StoreOutcome;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Failure;
import io.teamtalkj.pdu.MsgTypes;
import io.teamtalkj.pdu.ext.MsgStoreResult;
import java.util.ArrayList;
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
        List<StoreOutcome> outcomes = ctx.messages().store(requests);
        List<Reply> replies = new ArrayList<>(outcomes.size());
        for (int i = 0; i < outcomes.size(); i++) {
            replies.add(Reply.of(CommandId.CID_MSG_DATA, reply(requests.get(i), outcomes.get(i))));
        }
        return replies;
    }

    /** The request echoed with its msg_id: stored (with the group's members), a resend, or refused. */
    static IMMsgData reply(IMMsgData request, StoreOutcome outcome) {
        switch (outcome.result()) {
            case STORE_OK -> {
                IMMsgData.Builder stored = request.toBuilder().setMsgId((int) outcome.msgId())
                        .setCreateTime(outcome.createTime());
                if (MsgTypes.isGroup(request.getMsgType())) {
                    stored.clearTtGroupMemberIds().addAllTtGroupMemberIds(outcome.members());
                }
                return stored.build();
            }
            case STORE_DUPLICATE -> {
                // the first copy's msg_id, flagged so the msg-server does not deliver it again
                return request.toBuilder().setMsgId((int) outcome.msgId())
                        .setTtStoreResult(MsgStoreResult.STORE_DUPLICATE_VALUE).setTtStoreReason(outcome.reason()).build();
            }
            default -> {
                return refused(request, outcome.result(), outcome.reason());
            }
        }
    }

    @Override
    public Reply onFailure(IMMsgData request, Failure failure, String reason) {
        MsgStoreResult result = failure == Failure.OVERLOADED ? MsgStoreResult.STORE_OVERLOADED : MsgStoreResult.STORE_FAILED;
        return Reply.of(CommandId.CID_MSG_DATA, refused(request, result, reason));
    }

    /** The reply for a message that was not stored: msg_id 0 plus our reason fields. */
    static IMMsgData refused(IMMsgData request, MsgStoreResult result, String reason) {
        return request.toBuilder().setMsgId(0).setTtStoreResult(result.getNumber()).setTtStoreReason(reason).build();
    }
}
