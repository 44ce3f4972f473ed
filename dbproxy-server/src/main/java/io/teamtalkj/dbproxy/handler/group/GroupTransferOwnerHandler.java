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
 * Transfer owner (0x0428, owner, one member): IMGroup.creator becomes the new owner (a new
 * version for TeamTalk clients); the old owner stays as a plain member.
 */
public final class GroupTransferOwnerHandler extends MembersReqHandler {
    public GroupTransferOwnerHandler() {
        super(GroupExtCommandId.TRANSFER_OWNER_REQ);
    }

    @Override
    void apply(GroupMembersReq request, Tx tx, GroupRules rules) throws SQLException, GroupRefused {
        int to = rules.transfer(tx.state, tx.operator, request.getTargetIdsList());
        GroupGovernanceStore.setOwner(tx.c, tx.groupId(), to, tx.now);
        // the owner's rank comes from IMGroup.creator: an admin flag would only linger after the next transfer
        GroupGovernanceStore.setAdmin(tx.c, tx.groupId(), List.of(to), false, tx.now);
        tx.rolesChanged();
        tx.versionBumped();
        tx.changed(List.of(to));
        tx.notice(NoticeAction.NOTICE_TRANSFER, List.of(to), "", 0, request.getReason());
    }
}
