package io.teamtalkj.dbproxy.handler.group;

import io.teamtalkj.dbproxy.group.GroupGovernance.Tx;
import io.teamtalkj.dbproxy.group.GroupGovernanceStore;
import io.teamtalkj.dbproxy.group.GroupRefused;
import io.teamtalkj.dbproxy.group.GroupRules;
import io.teamtalkj.pdu.GroupExtCommandId;
import io.teamtalkj.pdu.groupext.GroupExtResult;
import io.teamtalkj.pdu.groupext.GroupSettingsReq;
import io.teamtalkj.pdu.groupext.NoticeAction;
import java.sql.SQLException;
import java.util.List;

/** Mute all on/off (0x042e, owner/admin): while on, only the owner and admins may talk. */
public final class GroupMuteAllHandler extends SettingsReqHandler {
    public GroupMuteAllHandler() {
        super(GroupExtCommandId.MUTE_ALL_REQ);
    }

    @Override
    void apply(GroupSettingsReq request, Tx tx, GroupRules rules) throws SQLException, GroupRefused {
        rules.change(tx.state);
        rules.manager(tx.state, tx.operator, "mute everyone");
        if (!request.hasMuteAll()) {
            throw new GroupRefused(GroupExtResult.GROUP_INVALID, "mute_all not set");
        }
        boolean on = request.getMuteAll();
        if (tx.state.settings().muteAll() == on) {
            throw new GroupRefused(GroupExtResult.GROUP_ALREADY, on ? "the group is already muted" : "the group is not muted");
        }
        GroupGovernanceStore.saveSettings(tx.c, tx.groupId(), tx.state.settings().withMuteAll(on), tx.now);
        tx.notice(on ? NoticeAction.NOTICE_MUTE_ALL_ON : NoticeAction.NOTICE_MUTE_ALL_OFF, List.of(), "", 0, "");
    }
}
