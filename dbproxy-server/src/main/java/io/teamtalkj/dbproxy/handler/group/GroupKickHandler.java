package io.teamtalkj.dbproxy.handler.group;

import io.teamtalkj.dbproxy.group.GroupGovernance.Tx;
import io.teamtalkj.dbproxy.group.GroupGovernanceStore;
import io.teamtalkj.dbproxy.group.GroupRefused;
import io.teamtalkj.dbproxy.group.GroupRules;
import io.teamtalkj.pdu.GroupExtCommandId;
import io.teamtalkj.pdu.groupext.GroupMembersReq;
import io.teamtalkj.pdu.groupext.NoticeAction;
import java.sql.SQLException;
import java.util.List;

/** Kick (0x0424, owner/admin on members ranked below them): the removed keep the conversation. */
public final class GroupKickHandler extends MembersReqHandler {
    public GroupKickHandler() {
        super(GroupExtCommandId.KICK_REQ);
    }

    @Override
    void apply(GroupMembersReq request, Tx tx, GroupRules rules) throws SQLException, GroupRefused {
        rules.change(tx.state);
        List<Integer> targets = rules.below(tx.state, tx.operator, request.getTargetIdsList(), "remove");
        GroupGovernanceStore.leave(tx.c, tx.groupId(), targets, tx.now);
        tx.removed(targets);
        tx.notice(NoticeAction.NOTICE_KICK, targets, "", 0, request.getReason());
    }
}
