package io.teamtalkj.launcher.admin;

import com.google.protobuf.Message;
import io.teamtalkj.pdu.GroupExtCommandId;
import io.teamtalkj.pdu.groupext.GroupExtRsp;
import io.teamtalkj.pdu.groupext.GroupGovernance;
import io.teamtalkj.pdu.groupext.GroupQueryReq;
import io.teamtalkj.pdu.groupext.MutedMember;
import picocli.CommandLine.Command;

@Command(name = "governance", mixinStandardHelpOptions = true,
        description = "A group's owner, admins, muted members, settings and pending join requests.")
final class GroupGovernanceShow extends GroupGovern {
    @Override
    int commandId() {
        return GroupExtCommandId.INFO_REQ;
    }

    @Override
    Message body(Directory directory, int groupId) {
        return GroupQueryReq.newBuilder().setUserId(0).setGroupId(groupId).build();
    }

    @Override
    void print(Directory directory, GroupExtRsp rsp) {
        GroupGovernance i = rsp.getInfo();
        out().println("owner:   " + Members.names(directory, java.util.List.of(i.getOwnerId())));
        out().println("admins:  " + Members.names(directory, i.getAdminIdsList()) + " (at most " + i.getMaxAdmins() + ")");
        out().println("members: " + i.getMemberCount() + " (at most " + i.getMaxMembers() + ")");
        StringBuilder muted = new StringBuilder();
        for (MutedMember m : i.getMutedList()) {
            muted.append(muted.length() == 0 ? "" : ", ").append(Members.names(directory, java.util.List.of(m.getUserId())))
                    .append(m.getUntilTime() == 0 ? " (until unmuted)" : " (until " + Integer.toUnsignedString(m.getUntilTime()) + ")");
        }
        out().println("muted:   " + (muted.length() == 0 ? "nobody" : muted) + (i.getMuteAll() ? "; mute-all on" : ""));
        out().println("join:    " + i.getJoinMode() + ", invite: " + i.getInviteMode() + (i.getDismissed() ? ", DISMISSED" : ""));
        if (!i.getAnnouncement().isEmpty()) {
            out().println("announcement: " + i.getAnnouncement());
        }
        i.getJoinRequestsList().forEach(r -> out().println("wants to join: "
                + Members.names(directory, java.util.List.of(r.getUserId()))));
    }
}
