package io.teamtalkj.dbproxy.handler.group;

import io.teamtalkj.dbproxy.group.GroupGovernance.Tx;
import io.teamtalkj.dbproxy.group.GroupGovernanceStore;
import io.teamtalkj.dbproxy.group.GroupGovernanceStore.PendingJoin;
import io.teamtalkj.dbproxy.group.GroupRefused;
import io.teamtalkj.dbproxy.group.GroupRules;
import io.teamtalkj.dbproxy.storage.GroupRepository;
import io.teamtalkj.pdu.GroupExtCommandId;
import io.teamtalkj.pdu.groupext.GroupExtResult;
import io.teamtalkj.pdu.groupext.GroupMembersReq;
import io.teamtalkj.pdu.groupext.NoticeAction;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Approve or reject join requests (0x0436, owner/admin). Approving adds the users (member limit)
 * with a join notice; rejecting closes the requests without one (nothing changed in the group).
 */
public final class GroupJoinDecisionHandler extends MembersReqHandler {
    public GroupJoinDecisionHandler() {
        super(GroupExtCommandId.JOIN_DECISION_REQ);
    }

    @Override
    void apply(GroupMembersReq request, Tx tx, GroupRules rules) throws SQLException, GroupRefused {
        rules.change(tx.state);
        rules.manager(tx.state, tx.operator, "decide join requests");
        Set<Integer> pending = new HashSet<>();
        for (PendingJoin p : GroupGovernanceStore.pendingJoins(tx.c, tx.groupId())) {
            pending.add(p.userId());
        }
        List<Integer> targets = new ArrayList<>();
        for (int t : new LinkedHashSet<>(request.getTargetIdsList())) {
            if (!pending.contains(t)) {
                throw new GroupRefused(GroupExtResult.GROUP_ALREADY, "no pending join request from user " + Integer.toUnsignedString(t));
            }
            targets.add(t);
        }
        if (targets.isEmpty()) {
            throw new GroupRefused(GroupExtResult.GROUP_INVALID, "no target user ids");
        }
        if (!request.getApprove()) {
            GroupGovernanceStore.decideJoins(tx.c, tx.groupId(), targets, 2, tx.operator, tx.now);
            tx.changed(targets);
            return;
        }
        targets.removeIf(tx.state::isMember);
        rules.memberLimit(tx.state, targets.size());
        GroupGovernanceStore.decideJoins(tx.c, tx.groupId(), request.getTargetIdsList(), 1, tx.operator, tx.now);
        if (targets.isEmpty()) {
            return;
        }
        GroupRepository.joinMembers(tx.c, tx.groupId(), targets, tx.now);
        GroupRepository.openSessions(tx.c, tx.groupId(), targets, tx.now);
        tx.joined(targets);
        tx.notice(NoticeAction.NOTICE_JOIN, targets, "", 0, request.getReason());
    }
}
