package io.teamtalkj.dbproxy.handler.group;

import com.google.protobuf.Parser;
import io.teamtalkj.dbproxy.core.DbContext;
import io.teamtalkj.dbproxy.core.DbHandler;
import io.teamtalkj.dbproxy.group.GroupRefused;
import io.teamtalkj.dbproxy.group.GroupState;
import io.teamtalkj.pdu.Conversations;
import io.teamtalkj.pdu.Failure;
import io.teamtalkj.pdu.GroupExtCommandId;
import io.teamtalkj.pdu.Reply;
import io.teamtalkj.pdu.groupext.GroupExtResult;
import io.teamtalkj.pdu.groupext.GroupExtRsp;
import io.teamtalkj.pdu.groupext.GroupQueryReq;
import java.sql.SQLException;
import java.util.Optional;

/** Read-only governance commands (GroupQueryReq): answered from {@link GroupReadView}. */
abstract class QueryReqHandler implements DbHandler<GroupQueryReq> {
    private final int commandId;

    QueryReqHandler(int commandId) {
        this.commandId = commandId;
    }

    @Override
    public final int commandId() {
        return commandId;
    }

    @Override
    public Parser<GroupQueryReq> parser() {
        return GroupQueryReq.parser();
    }

    @Override
    public long orderingKey(GroupQueryReq request) {
        return Conversations.group(request.getGroupId());
    }

    abstract void answer(GroupQueryReq request, GroupState s, DbContext ctx, GroupExtRsp.Builder rsp) throws GroupRefused;

    @Override
    public Reply handle(GroupQueryReq request, DbContext ctx) throws SQLException {
        GroupExtRsp.Builder rsp = GroupExtRsp.newBuilder().setUserId(request.getUserId()).setGroupId(request.getGroupId());
        Optional<GroupState> s = GroupReadView.read(ctx, request.getGroupId());
        if (s.isEmpty()) {
            rsp.setResult(GroupExtResult.GROUP_NO_SUCH_GROUP)
                    .setReason("group " + Integer.toUnsignedString(request.getGroupId()) + " does not exist");
        } else {
            try {
                answer(request, s.get(), ctx, rsp);
                rsp.setResult(GroupExtResult.GROUP_OK);
            } catch (GroupRefused e) {
                rsp.setResult(e.result()).setReason(e.getMessage());
            }
        }
        return Reply.of(GroupExtCommandId.response(commandId), rsp.build());
    }

    @Override
    public Reply onFailure(GroupQueryReq request, Failure failure, String reason) {
        return Reply.of(GroupExtCommandId.response(commandId), GroupExtRsp.newBuilder().setUserId(request.getUserId())
                .setGroupId(request.getGroupId()).setResult(GroupExtResult.GROUP_FAILED).setReason(reason).build());
    }
}
