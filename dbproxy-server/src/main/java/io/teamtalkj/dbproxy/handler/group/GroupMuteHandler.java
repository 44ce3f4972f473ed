package io.teamtalkj.dbproxy.handler.group;

import com.google.protobuf.Parser;
import io.teamtalkj.dbproxy.group.GroupGovernance.Tx;
import io.teamtalkj.dbproxy.group.GroupGovernanceStore;
import io.teamtalkj.dbproxy.group.GroupRefused;
import io.teamtalkj.dbproxy.group.GroupRules;
import io.teamtalkj.dbproxy.group.MemberRole;
import io.teamtalkj.pdu.GroupExtCommandId;
import io.teamtalkj.pdu.groupext.GroupExtResult;
import io.teamtalkj.pdu.groupext.GroupMuteReq;
import io.teamtalkj.pdu.groupext.NoticeAction;
import java.sql.SQLException;
import java.util.List;

/**
 * Mute members (0x042a, owner/admin on members ranked below them) until a time (unix seconds) or,
 * with until_time 0, until unmuted. The mute ends by itself at its time: the store compares it
 * with the clock, nothing has to lift it.
 */
public final class GroupMuteHandler extends GroupExtHandler<GroupMuteReq> {
    public GroupMuteHandler() {
        super(GroupExtCommandId.MUTE_REQ);
    }

    @Override
    public Parser<GroupMuteReq> parser() {
        return GroupMuteReq.parser();
    }

    @Override
    int operator(GroupMuteReq request) {
        return request.getUserId();
    }

    @Override
    int groupId(GroupMuteReq request) {
        return request.getGroupId();
    }

    @Override
    void apply(GroupMuteReq request, Tx tx, GroupRules rules) throws SQLException, GroupRefused {
        rules.change(tx.state);
        List<Integer> targets = rules.below(tx.state, tx.operator, request.getTargetIdsList(), "mute");
        long until = Integer.toUnsignedLong(request.getUntilTime());
        if (until != 0 && until <= Integer.toUnsignedLong(tx.now)) {
            throw new GroupRefused(GroupExtResult.GROUP_INVALID, "mute end time " + until + " is not in the future");
        }
        GroupGovernanceStore.setMute(tx.c, tx.groupId(), targets, until == 0 ? MemberRole.FOREVER : until, tx.now);
        tx.rolesChanged();
        tx.changed(targets);
        tx.notice(NoticeAction.NOTICE_MUTE, targets, "", until, request.getReason());
    }
}
