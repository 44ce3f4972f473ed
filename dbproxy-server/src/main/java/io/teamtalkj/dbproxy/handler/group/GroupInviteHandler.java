package io.teamtalkj.dbproxy.handler.group;

import io.teamtalkj.dbproxy.group.GroupGovernance.Tx;
import io.teamtalkj.dbproxy.group.GroupGovernanceStore;
import io.teamtalkj.dbproxy.group.GroupRefused;
import io.teamtalkj.dbproxy.group.GroupRules;
import io.teamtalkj.dbproxy.storage.GroupRepository;
import io.teamtalkj.dbproxy.storage.Users;
import io.teamtalkj.pdu.GroupExtCommandId;
import io.teamtalkj.pdu.groupext.GroupExtResult;
import io.teamtalkj.pdu.groupext.GroupMembersReq;
import io.teamtalkj.pdu.groupext.NoticeAction;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Invite (0x0438): any member, or only owner/admins when the group's invite mode says so. Users
 * already members are skipped; unknown ids refuse the whole request; the member limit applies.
 * An invited user's pending join request is closed as approved.
 */
public final class GroupInviteHandler extends MembersReqHandler {
    public GroupInviteHandler() {
        super(GroupExtCommandId.INVITE_REQ);
    }

    @Override
    void apply(GroupMembersReq request, Tx tx, GroupRules rules) throws SQLException, GroupRefused {
        List<Integer> fresh = rules.invite(tx.state, tx.operator, request.getTargetIdsList());
        Set<Integer> known = Users.byIds(tx.c, fresh).keySet();
        if (known.size() != fresh.size()) {
            Set<Integer> unknown = new TreeSet<>(fresh);
            unknown.removeAll(known);
            throw new GroupRefused(GroupExtResult.GROUP_INVALID, "unknown user ids " + unknown);
        }
        GroupRepository.joinMembers(tx.c, tx.groupId(), fresh, tx.now);
        GroupRepository.openSessions(tx.c, tx.groupId(), fresh, tx.now);
        GroupGovernanceStore.decideJoins(tx.c, tx.groupId(), fresh, 1, tx.operator, tx.now);
        tx.joined(fresh);
        tx.notice(NoticeAction.NOTICE_INVITE, fresh, "", 0, request.getReason());
    }
}
