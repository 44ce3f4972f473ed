package io.teamtalkj.dbproxy.handler.group;

import io.teamtalkj.dbproxy.group.GroupGovernance.Tx;
import io.teamtalkj.dbproxy.group.GroupGovernanceStore;
import io.teamtalkj.dbproxy.group.GroupRefused;
import io.teamtalkj.dbproxy.group.GroupRules;
import io.teamtalkj.pdu.GroupExtCommandId;
import io.teamtalkj.pdu.groupext.GroupExtResult;
import io.teamtalkj.pdu.groupext.GroupMembersReq;
import io.teamtalkj.pdu.groupext.NoticeAction;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Unmute (0x042c, owner/admin on members ranked below them): only those muted now change. */
public final class GroupUnmuteHandler extends MembersReqHandler {
    public GroupUnmuteHandler() {
        super(GroupExtCommandId.UNMUTE_REQ);
    }

    @Override
    void apply(GroupMembersReq request, Tx tx, GroupRules rules) throws SQLException, GroupRefused {
        rules.change(tx.state);
        List<Integer> targets = rules.below(tx.state, tx.operator, request.getTargetIdsList(), "unmute");
        List<Integer> muted = new ArrayList<>();
        for (int t : targets) {
            if (tx.state.memberRole(t).mutedAt(Integer.toUnsignedLong(tx.now))) {
                muted.add(t);
            }
        }
        if (muted.isEmpty()) {
            throw new GroupRefused(GroupExtResult.GROUP_ALREADY, "none of " + targets + " is muted");
        }
        GroupGovernanceStore.setMute(tx.c, tx.groupId(), muted, 0, tx.now);
        tx.rolesChanged();
        tx.changed(muted);
        tx.notice(NoticeAction.NOTICE_UNMUTE, muted, "", 0, request.getReason());
    }
}
