package io.teamtalkj.dbproxy.handler.group;

import com.google.protobuf.Message;
import io.teamtalkj.dbproxy.core.DbContext;
import io.teamtalkj.dbproxy.core.DbHandler;
import io.teamtalkj.dbproxy.group.GroupGovernance.Tx;
import io.teamtalkj.dbproxy.group.GroupRefused;
import io.teamtalkj.dbproxy.group.GroupRules;
import io.teamtalkj.pdu.Conversations;
import io.teamtalkj.pdu.Failure;
import io.teamtalkj.pdu.GroupExtCommandId;
import io.teamtalkj.pdu.Reply;
import io.teamtalkj.pdu.groupext.GroupExtResult;
import io.teamtalkj.pdu.groupext.GroupExtRsp;
import java.sql.SQLException;

/**
 * A group governance command (issue 18) that changes the group: runs on the group's worker (the
 * group ordering key, like its messages and TeamTalk's change-member), in one transaction
 * ({@link io.teamtalkj.dbproxy.group.GroupGovernance#run}). Subclasses hold only their rule calls
 * and writes.
 */
abstract class GroupExtHandler<M extends Message> implements DbHandler<M> {
    private final int commandId;

    GroupExtHandler(int commandId) {
        this.commandId = commandId;
    }

    @Override
    public final int commandId() {
        return commandId;
    }

    abstract int operator(M request);

    abstract int groupId(M request);

    /** The operation inside the transaction; {@link GroupRefused} changes nothing. */
    abstract void apply(M request, Tx tx, GroupRules rules) throws SQLException, GroupRefused;

    @Override
    public long orderingKey(M request) {
        return Conversations.group(groupId(request));
    }

    @Override
    public Reply handle(M request, DbContext ctx) throws Exception {
        GroupRules rules = ctx.governance().rules();
        GroupExtRsp rsp = ctx.governance().run(operator(request), groupId(request), tx -> apply(request, tx, rules));
        return Reply.of(GroupExtCommandId.response(commandId), rsp);
    }

    @Override
    public Reply onFailure(M request, Failure failure, String reason) {
        return Reply.of(GroupExtCommandId.response(commandId), GroupExtRsp.newBuilder().setUserId(operator(request))
                .setGroupId(groupId(request)).setResult(GroupExtResult.GROUP_FAILED).setReason(reason).build());
    }
}
