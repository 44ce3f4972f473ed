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

/** Set admin (0x0426, owner): admin = true appoints, false removes; the admin limit applies. */
public final class GroupSetAdminHandler extends MembersReqHandler {
    public GroupSetAdminHandler() {
        super(GroupExtCommandId.SET_ADMIN_REQ);
    }

    @Override
    void apply(GroupMembersReq request, Tx tx, GroupRules rules) throws SQLException, GroupRefused {
        boolean admin = request.getAdmin();
        List<Integer> targets = rules.admins(tx.state, tx.operator, request.getTargetIdsList(), admin);
        List<Integer> changing = new ArrayList<>();
        for (int t : targets) {
            if (tx.state.memberRole(t).admin() != admin) {
                changing.add(t);
            }
        }
        if (changing.isEmpty()) {
            throw new GroupRefused(GroupExtResult.GROUP_ALREADY, admin ? "already admins" : "not admins");
        }
        GroupGovernanceStore.setAdmin(tx.c, tx.groupId(), changing, admin, tx.now);
        tx.rolesChanged();
        tx.changed(changing);
        tx.notice(admin ? NoticeAction.NOTICE_SET_ADMIN : NoticeAction.NOTICE_UNSET_ADMIN, changing, "", 0, request.getReason());
    }
}
