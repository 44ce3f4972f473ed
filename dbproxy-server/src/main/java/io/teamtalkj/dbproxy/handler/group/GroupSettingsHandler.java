package io.teamtalkj.dbproxy.handler.group;

import io.teamtalkj.dbproxy.group.GroupGovernance.Tx;
import io.teamtalkj.dbproxy.group.GroupGovernanceStore;
import io.teamtalkj.dbproxy.group.GroupRefused;
import io.teamtalkj.dbproxy.group.GroupRules;
import io.teamtalkj.dbproxy.group.GroupSettings;
import io.teamtalkj.pdu.GroupExtCommandId;
import io.teamtalkj.pdu.groupext.GroupExtResult;
import io.teamtalkj.pdu.groupext.GroupSettingsReq;
import io.teamtalkj.pdu.groupext.InviteMode;
import io.teamtalkj.pdu.groupext.JoinMode;
import io.teamtalkj.pdu.groupext.NoticeAction;
import java.sql.SQLException;
import java.util.List;

/** Join mode or invite mode (0x043a, owner/admin), one per request so each change has its notice. */
public final class GroupSettingsHandler extends SettingsReqHandler {
    public GroupSettingsHandler() {
        super(GroupExtCommandId.SETTINGS_REQ);
    }

    @Override
    void apply(GroupSettingsReq request, Tx tx, GroupRules rules) throws SQLException, GroupRefused {
        rules.change(tx.state);
        rules.manager(tx.state, tx.operator, "change how members join or are invited");
        if (request.hasJoinMode() == request.hasInviteMode()) {
            throw new GroupRefused(GroupExtResult.GROUP_INVALID, "set exactly one of join_mode and invite_mode");
        }
        GroupSettings s = tx.state.settings();
        if (request.hasJoinMode()) {
            JoinMode mode = request.getJoinMode();
            if (s.joinMode() == mode) {
                throw new GroupRefused(GroupExtResult.GROUP_ALREADY, "join mode is already " + mode);
            }
            GroupGovernanceStore.saveSettings(tx.c, tx.groupId(), s.withJoinMode(mode), tx.now);
            tx.notice(NoticeAction.NOTICE_JOIN_MODE, List.of(), "", mode == JoinMode.JOIN_OPEN ? 1 : 0, "");
        } else {
            InviteMode mode = request.getInviteMode();
            if (s.inviteMode() == mode) {
                throw new GroupRefused(GroupExtResult.GROUP_ALREADY, "invite mode is already " + mode);
            }
            GroupGovernanceStore.saveSettings(tx.c, tx.groupId(), s.withInviteMode(mode), tx.now);
            tx.notice(NoticeAction.NOTICE_INVITE_MODE, List.of(), "", mode == InviteMode.INVITE_ADMINS ? 1 : 0, "");
        }
    }
}
