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
 * Quit (0x0420): a member leaves and keeps the conversation. The owner must transfer first unless
 * they are the last member, whose quitting dismisses the group.
 */
public final class GroupQuitHandler extends MembersReqHandler {
    public GroupQuitHandler() {
        super(GroupExtCommandId.QUIT_REQ);
    }

    @Override
    void apply(GroupMembersReq request, Tx tx, GroupRules rules) throws SQLException, GroupRefused {
        rules.quit(tx.state, tx.operator);
        List<Integer> me = List.of(tx.operator);
        GroupGovernanceStore.leave(tx.c, tx.groupId(), me, tx.now);
        if (tx.state.members().size() == 1) {
            GroupGovernanceStore.saveSettings(tx.c, tx.groupId(), tx.state.settings().dismiss(), tx.now);
        }
        tx.removed(me);
        tx.notice(NoticeAction.NOTICE_QUIT, List.of(), "", 0, request.getReason());
    }
}
