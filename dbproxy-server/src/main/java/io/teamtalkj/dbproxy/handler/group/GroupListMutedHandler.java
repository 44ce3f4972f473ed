package io.teamtalkj.dbproxy.handler.group;

import io.teamtalkj.dbproxy.core.DbContext;
import io.teamtalkj.dbproxy.group.GroupRefused;
import io.teamtalkj.dbproxy.group.GroupState;
import io.teamtalkj.pdu.GroupExtCommandId;
import io.teamtalkj.pdu.groupext.GroupExtRsp;
import io.teamtalkj.pdu.groupext.GroupQueryReq;

/** List muted (0x0430, members): who is muted now and until when (0 = until unmuted). */
public final class GroupListMutedHandler extends QueryReqHandler {
    public GroupListMutedHandler() {
        super(GroupExtCommandId.LIST_MUTED_REQ);
    }

    @Override
    void answer(GroupQueryReq request, GroupState s, DbContext ctx, GroupExtRsp.Builder rsp) throws GroupRefused {
        ctx.governance().rules().member(s, request.getUserId());
        rsp.addAllMuted(GroupReadView.muted(s, Integer.toUnsignedLong(ctx.now())));
    }
}
