package io.teamtalkj.dbproxy.handler.group;

import io.teamtalkj.dbproxy.core.DbContext;
import io.teamtalkj.dbproxy.group.GroupGovernanceStore;
import io.teamtalkj.dbproxy.group.GroupGovernanceStore.PendingJoin;
import io.teamtalkj.dbproxy.group.GroupRules;
import io.teamtalkj.dbproxy.group.GroupState;
import io.teamtalkj.dbproxy.group.MemberRole;
import io.teamtalkj.pdu.GroupExtCommandId;
import io.teamtalkj.pdu.groupext.GroupExtRsp;
import io.teamtalkj.pdu.groupext.GroupGovernance;
import io.teamtalkj.pdu.groupext.GroupQueryReq;
import io.teamtalkj.pdu.groupext.JoinRequest;
import io.teamtalkj.pdu.groupext.GroupRole;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeSet;

/**
 * Governance info (0x043c): owner, admins, settings, announcement, member count and limits for
 * anyone (a non-member deciding whether to ask to join); muted members for members; pending join
 * requests for the owner and admins.
 */
public final class GroupGovernanceInfoHandler extends QueryReqHandler {
    public GroupGovernanceInfoHandler() {
        super(GroupExtCommandId.INFO_REQ);
    }

    @Override
    void answer(GroupQueryReq request, GroupState s, DbContext ctx, GroupExtRsp.Builder rsp) {
        int me = request.getUserId();
        GroupRules rules = ctx.governance().rules();
        GroupGovernance.Builder info = GroupGovernance.newBuilder().setOwnerId(s.owner())
                .setMuteAll(s.settings().muteAll()).setJoinMode(s.settings().joinMode())
                .setInviteMode(s.settings().inviteMode()).setDismissed(s.settings().dismissed())
                .setAnnouncement(s.settings().announcement()).setMemberCount(s.members().size())
                .setMaxMembers(rules.maxMembers()).setMaxAdmins(rules.maxAdmins()).setMyRole(s.role(me));
        TreeSet<Integer> admins = new TreeSet<>(Integer::compareUnsigned);
        for (Map.Entry<Integer, MemberRole> e : s.roles().entrySet()) {
            if (e.getValue().admin() && s.isMember(e.getKey()) && e.getKey() != s.owner()) {
                admins.add(e.getKey());
            }
        }
        info.addAllAdminIds(admins);
        if (me == 0 || s.isMember(me)) {
            info.addAllMuted(GroupReadView.muted(s, Integer.toUnsignedLong(ctx.now())));
        }
        if (me == 0 || s.rank(me) >= GroupRole.ROLE_ADMIN_VALUE) {
            try (Connection c = ctx.storage().connection()) {
                for (PendingJoin p : GroupGovernanceStore.pendingJoins(c, s.id())) {
                    info.addJoinRequests(JoinRequest.newBuilder().setUserId(p.userId()).setMessage(p.message())
                            .setCreated(p.created()));
                }
            } catch (SQLException e) {
                throw new IllegalStateException("reading join requests of group " + s.id() + ": " + e.getMessage(), e);
            }
        }
        rsp.setInfo(info);
    }
}
