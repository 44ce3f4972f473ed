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

/**
 * Dismiss (0x0422, owner): the group is marked, not deleted. Its last notice goes to every member;
 * from then on it refuses messages and changes, and the members keep its history.
 */
public final class GroupDismissHandler extends MembersReqHandler {
    public GroupDismissHandler() {
        super(GroupExtCommandId.DISMISS_REQ);
    }

    @Override
    void apply(GroupMembersReq request, Tx tx, GroupRules rules) throws SQLException, GroupRefused {
        rules.change(tx.state);
        rules.owner(tx.state, tx.operator, "dismiss the group");
        GroupGovernanceStore.saveSettings(tx.c, tx.groupId(), tx.state.settings().dismiss(), tx.now);
        tx.notice(NoticeAction.NOTICE_DISMISS, List.of(), "", 0, request.getReason());
    }
}
